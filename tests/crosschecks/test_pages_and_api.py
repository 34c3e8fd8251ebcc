from django.urls import reverse

from dibao.crosschecks import services
from dibao.crosschecks.models import Flag, FlagState
from tests.api_support import api_as
from tests.factories import id_number
from tests.jobs_support import job_of

from .support import a_receiving, csv_bytes, head_of


def flagged(areas, users, n=1):  # type: ignore[no-untyped-def]
    heads = [head_of(a_receiving(areas, users)) for _ in range(n)]
    rows = [["身份证号码", "工作单位"], *[[h.id_number, "区财政局"] for h in heads]]
    done = services.crosscheck_import(
        county=areas.county, kind="public_servant", file_name="gz.csv", content=csv_bytes(rows), actor=None
    )
    return done.flags


def test_the_county_uploads_a_file_and_the_job_flags_it(areas, users, login, django_assert_max_num_queries):
    head = head_of(a_receiving(areas, users))
    client = login(users.county)
    rows = [
        ["公民身份号码", "号牌号码", "车辆类型"],
        [head.id_number, "辽B8", "小型轿车"],
        [id_number(), "辽B9", "货车"],
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("车辆.csv", csv_bytes(rows))
    job = job_of(client.post(reverse("crosschecks:index"), {"kind": "vehicle", "file": upload}))
    assert job.state == "succeeded" and job.outcome["matched"] == 1 and job.outcome["flags"] == 1
    bad = SimpleUploadedFile(
        "车辆.csv", csv_bytes([["公民身份号码", "号牌号码", "车辆类型"], ["1", "辽B8", "轿车"]])
    )
    failed = job_of(client.post(reverse("crosschecks:index"), {"kind": "vehicle", "file": bad}))
    assert (failed.state == "failed" and "第" in failed.error) or "Row" in failed.error
    assert Flag.objects.count() == 1
    with django_assert_max_num_queries(12):
        page = client.get(reverse("crosschecks:index"), {"state": "open"})
    assert head.household.number in page.content.decode()


def test_the_list_is_bounded_and_scoped(areas, users, login, django_assert_max_num_queries):
    flags = flagged(areas, users, n=5)
    client = login(users.haizhou)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("crosschecks:index"))
    assert page.status_code == 200 and flags[0].household.number in page.content.decode()
    other = login(users.liubeiqiao)
    assert flags[0].household.number not in other.get(reverse("crosschecks:index")).content.decode()
    assert other.get(reverse("crosschecks:flag", args=[flags[0].pk])).status_code == 404
    assert (
        other.post(reverse("crosschecks:flag-dismiss", args=[flags[0].pk]), {"reason": "x"}).status_code
        == 404
    )


def test_a_worker_dismisses_on_the_page_and_opens_a_review(areas, users, login):
    first, second = flagged(areas, users, n=2)
    client = login(users.haizhou)
    detail = client.get(reverse("crosschecks:flag", args=[first.pk])).content.decode()
    assert "区财政局" in detail and first.rule_text in detail
    client.post(reverse("crosschecks:flag-dismiss", args=[first.pk]), {"reason": "同名不同人，已核实"})
    first.refresh_from_db()
    assert first.state == FlagState.DISMISSED and first.reason == "同名不同人，已核实"
    answer = client.post(reverse("crosschecks:flag-review", args=[second.pk]))
    second.refresh_from_db()
    assert second.state == FlagState.REVIEWED
    assert answer.url == reverse("reviews:review-detail", args=[second.review_id])


def test_the_rules_page_saves_for_the_county_only(areas, users, login):
    client = login(users.county)
    client.post(reverse("crosschecks:rule"), {"homes_allowed": "2", "income_share": "150"})
    page = client.get(reverse("crosschecks:rule")).content.decode()
    assert "150" in page
    assert login(users.haizhou).post(reverse("crosschecks:rule"), {"homes_allowed": "9"}).status_code == 403


def test_the_api_lists_dismisses_and_reviews_in_the_area(areas, users):
    first, second = flagged(areas, users, n=2)
    api = api_as(users.haizhou)
    listed = api.get("/api/v1/crosschecks/flags/", {"state": "open"}).json()
    assert {f["id"] for f in listed["results"]} == {first.pk, second.pk}
    assert listed["results"][0]["evidence"]["label"] == "区财政局"
    bad = api.post(f"/api/v1/crosschecks/flags/{first.pk}/dismiss/", {"reason": ""}, format="json")
    assert bad.status_code == 400
    done = api.post(f"/api/v1/crosschecks/flags/{first.pk}/dismiss/", {"reason": "已离职"}, format="json")
    assert done.json()["state"] == "dismissed"
    reviewed = api.post(f"/api/v1/crosschecks/flags/{second.pk}/review/").json()
    assert reviewed["state"] == "reviewed" and reviewed["review"]
    assert api_as(users.liubeiqiao).get(f"/api/v1/crosschecks/flags/{first.pk}/").status_code == 404
    assert api_as(users.auditor).post(f"/api/v1/crosschecks/flags/{first.pk}/review/").status_code == 403


def test_the_county_imports_through_the_api_and_others_may_not(areas, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    head = head_of(a_receiving(areas, users))
    body = csv_bytes([["身份证号码", "工作单位"], [head.id_number, "区财政局"]])
    api = api_as(users.county)
    answer = api.post(
        "/api/v1/crosschecks/imports/",
        {"kind": "public_servant", "file": SimpleUploadedFile("gz.csv", body)},
        format="multipart",
    )
    assert answer.status_code == 202 and answer.json()["outcome"]["flags"] == 1
    assert api.get("/api/v1/crosschecks/imports/").json()["results"][0]["matched"] == 1
    worker = api_as(users.haizhou).post(
        "/api/v1/crosschecks/imports/",
        {"kind": "public_servant", "file": SimpleUploadedFile("gz.csv", body)},
        format="multipart",
    )
    assert worker.status_code == 403
    assert api_as(users.haizhou).get("/api/v1/crosschecks/imports/").json()["results"] == []
