"""What is recorded around applications through the API: materials (uploaded or seen on paper),
home investigations, economic-check results, notices, the appraisal panel and its meetings, and
the county's close-relative register."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dibao.cases.models import Application, CaseEvent, CloseRelative, Material, Notice, PanelMember, State
from dibao.core.models import AuditEntry
from dibao.policy.services import rules_set
from tests.factories import make_household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from .support import application, days_ago, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_upload_a_material(areas, users, media):
    app = application(areas, users, until="submit")
    content = b"%PDF-1.4 scanned ID cards"
    response = api_as(users.haizhou).post(
        f"{API}/applications/{app.pk}/materials/",
        {"kind": "id_cards", "file": SimpleUploadedFile("身份证.pdf", content), "note": "正反面"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    material = Material.objects.get()
    assert body["id"] == material.pk and body["kind"] == "id_cards" and body["note"] == "正反面"
    assert body["file_name"].endswith(".pdf") and not body["seen_on_paper"]
    assert (media / material.file.name).read_bytes() == content
    event = CaseEvent.objects.get(application=app, action="material")
    assert event.data == {"id": material.pk}
    assert AuditEntry.objects.filter(object_type="cases.material", object_id=str(material.pk)).exists()
    detail = api_as(users.street).get(f"{API}/applications/{app.pk}/").json()
    assert [m["kind"] for m in detail["materials"]] == ["id_cards"]


def test_a_material_seen_on_paper_needs_no_file(areas, users, media):
    app = application(areas, users, until="submit")
    seen = api_as(users.haizhou).post(
        f"{API}/applications/{app.pk}/materials/", {"kind": "hukou", "seen_on_paper": True}
    )
    assert seen.status_code == 201
    assert seen.json()["seen_on_paper"] and seen.json()["file_name"] == ""
    assert Material.objects.get().kind == "hukou"


def test_materials_refused_before_anything_is_stored(areas, users, media):
    app = application(areas, users, until="submit")
    client = api_as(users.haizhou, language="en")
    url = f"{API}/applications/{app.pk}/materials/"
    neither = client.post(url, {"kind": "hukou"})
    assert neither.status_code == 400 and list(neither.json()["errors"]) == ["file"]
    unknown = client.post(url, {"kind": "passport", "seen_on_paper": True})
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["kind"]
    assert api_as(users.auditor).post(url, {"kind": "hukou", "seen_on_paper": True}).status_code == 403
    assert api_as(users.liubeiqiao).post(url, {"kind": "hukou", "seen_on_paper": True}).status_code == 404
    Application.objects.filter(pk=app.pk).update(state=State.WITHDRAWN)
    closed = client.post(
        url, {"kind": "hukou", "file": SimpleUploadedFile("户口簿.pdf", b"%PDF")}, format="multipart"
    )
    assert closed.status_code == 400 and "closed" in closed.json()["detail"]
    assert not Material.objects.exists() and not any(media.rglob("*.pdf"))


def test_investigation_needs_two_investigators(areas, users):
    app = application(areas, users, until="accept")
    client = api_as(users.haizhou, language="en")
    url = f"{API}/applications/{app.pk}/investigations/"
    one = client.post(url, {"visited_on": days_ago(1).isoformat(), "investigators": ["张明"]})
    assert one.status_code == 400 and list(one.json()["errors"]) == ["investigators"]
    future = client.post(url, {"visited_on": days_ago(-3).isoformat(), "investigators": ["张明", "李华"]})
    assert future.status_code == 400 and list(future.json()["errors"]) == ["visited_on"]
    done = client.post(
        url,
        {
            "visited_on": days_ago(1).isoformat(),
            "investigators": ["张明", "李华"],
            "housing": "一居室",
            "conclusion": "情况属实",
            "signed_by_investigators": True,
        },
    )
    assert done.status_code == 201, done.json()
    assert done.json()["conclusion"] == "情况属实" and done.json()["signed_by_investigators"]


def test_economic_check_results(areas, users):
    app = application(areas, users, until="accept")
    head = app.household.members.get(relation="self")
    client = api_as(users.street, language="en")
    url = f"{API}/applications/{app.pk}/verifications/"
    found = client.post(
        url,
        {"member": head.pk, "kind": "asset", "description": "银行存款", "amount": "12000", "source": "银行"},
    )
    assert found.status_code == 201, found.json()
    body = found.json()
    assert (body["member"], body["member_name"], body["amount"]) == (head.pk, head.name, "12000.00")
    stranger = make_household(areas.haizhou, users.haizhou).members.get()
    wrong = client.post(
        url, {"member": stranger.pk, "kind": "income", "description": "工资", "source": "税务"}
    )
    assert wrong.status_code == 400 and list(wrong.json()["errors"]) == ["member"]
    nobody = client.post(url, {"kind": "vehicle", "description": "无车辆", "source": "公安交管"})
    assert nobody.status_code == 201 and nobody.json()["member"] is None
    detail = client.get(f"{API}/applications/{app.pk}/").json()
    assert [v["kind"] for v in detail["verifications"]] == ["asset", "vehicle"]


def test_notices_are_posted_in_one_community_and_listed_in_the_area(areas, users):
    first = application(areas, users, until="investigate")
    second = application(areas, users, until="investigate")
    early = application(areas, users, until="accept")
    worker = api_as(users.haizhou, language="en")
    outside = worker.post(f"{API}/notices/", {"applications": [first.pk, 999999]})
    assert outside.status_code == 400 and list(outside.json()["errors"]) == ["applications"]
    assert "999999" in outside.json()["detail"]
    too_early = worker.post(f"{API}/notices/", {"applications": [first.pk, early.pk]})
    assert too_early.status_code == 400 and too_early.json()["code"] == "wrong_state"
    assert not Notice.objects.exists()
    posted = worker.post(
        f"{API}/notices/", {"applications": [first.pk, second.pk], "mask_given_names": False}
    )
    assert posted.status_code == 201, posted.json()
    body = posted.json()
    assert sorted(body["applications"]) == sorted([first.pk, second.pk])
    assert body["community"] == areas.haizhou.code and not body["mask_given_names"]
    assert body["posted_by"] == users.haizhou.username and body["ends_on"] > body["posted_on"]
    assert set(Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == {
        State.UNDER_NOTICE
    }
    assert [n["id"] for n in worker.get(f"{API}/notices/").json()["results"]] == [body["id"]]
    assert worker.get(f"{API}/notices/{body['id']}/").status_code == 200
    assert api_as(users.liubeiqiao).get(f"{API}/notices/").json()["count"] == 0
    assert api_as(users.liubeiqiao).get(f"{API}/notices/{body['id']}/").status_code == 404
    county = api_as(users.county)
    assert county.get(f"{API}/notices/?community={areas.liubeiqiao.code}").json()["count"] == 0
    assert county.get(f"{API}/notices/?community={areas.haizhou.code}").json()["count"] == 1


def test_the_appraisal_panel_meets_and_the_case_is_appraised(areas, users):
    rules_set(area=areas.county, data={"valid_from": "2020-01", "appraisal_required": True}, actor=None)
    app = application(areas, users, until="investigate")
    worker = api_as(users.haizhou, language="en")
    ids = []
    for name in ("王一", "王二", "王三"):
        added = worker.post(
            f"{API}/panel-members/",
            {"community": areas.haizhou.code, "name": name, "role": "居民代表", "term_from": "2020-01-01"},
        )
        assert added.status_code == 201, added.json()
        ids.append(added.json()["id"])
    assert worker.get(f"{API}/panel-members/").json()["count"] == 3
    assert api_as(users.liubeiqiao).get(f"{API}/panel-members/").json()["count"] == 0
    outside = api_as(users.liubeiqiao).post(
        f"{API}/panel-members/", {"community": areas.haizhou.code, "name": "赵六"}
    )
    assert outside.status_code == 400 and list(outside.json()["errors"]) == ["community"]
    opinion = {"application": app.pk, "opinion": "agree", "votes_for": 2, "votes_against": 0}
    meeting = {
        "community": areas.haizhou.code,
        "held_on": days_ago(5).isoformat(),
        "present": ids[:1],
        "minutes": "评议通过",
        "opinions": [opinion],
    }
    too_few = worker.post(f"{API}/appraisal-meetings/", meeting)
    assert too_few.status_code == 400 and "present" in too_few.json()["errors"]
    held = worker.post(f"{API}/appraisal-meetings/", {**meeting, "present": ids[:2]})
    assert held.status_code == 201, held.json()
    body = held.json()
    assert sorted(body["present"]) == sorted(ids[:2])
    assert body["opinions"] == [{**opinion, "abstentions": 0}]
    assert worker.get(f"{API}/appraisal-meetings/").json()["results"][0]["id"] == body["id"]
    detail = worker.get(f"{API}/applications/{app.pk}/").json()
    assert detail["next_steps"] == ["appraise", "withdraw"]  # no notice before the appraisal
    appraised = worker.post(f"{API}/applications/{app.pk}/appraise/", {"version": detail["version"]})
    assert appraised.status_code == 200 and appraised.json()["state"] == "appraised"
    assert PanelMember.objects.count() == 3


def test_the_county_files_close_relatives(areas, users):
    app = application(areas, users, until="submit")
    head = app.household.members.get(relation="self")
    filing = {
        "staff_name": "王主任",
        "staff_position": "社区主任",
        "relative_name": head.name,
        "relative_id_number": head.id_number,
        "relation": "sibling",
    }
    county = api_as(users.county, language="en")
    assert api_as(users.street).post(f"{API}/close-relatives/", filing).status_code == 403
    assert api_as(users.street).get(f"{API}/close-relatives/").status_code == 403
    bad = county.post(f"{API}/close-relatives/", {**filing, "relative_id_number": "12345"})
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["relative_id_number"]
    filed = county.post(f"{API}/close-relatives/", filing)
    assert filed.status_code == 201, filed.json()
    body = filed.json()
    assert body["county"] == areas.county.code and body["relation"] == "sibling"
    assert body["relative_id_number_masked"] == f"{head.id_number[:6]}********{head.id_number[14:]}"
    assert head.id_number not in filed.content.decode()
    assert CloseRelative.objects.get().relative_id_number == head.id_number
    listed = api_as(users.auditor).get(f"{API}/close-relatives/")
    assert listed.status_code == 200 and [f["id"] for f in listed.json()["results"]] == [body["id"]]
    assert head.id_number not in listed.content.decode()
    assert county.get(f"{API}/applications/{app.pk}/").json()["close_relative"] is True
