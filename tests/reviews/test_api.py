"""Reviews through the API: the same services and rules as the pages — an outcome applied at once
or proposed to the street, a stale version (409), another area's review (404), a role that may not
write (403) — annual campaigns, the households due for review and the notice as PDF."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dibao.benefits.models import Entitlement
from dibao.core.downloads import content_disposition
from dibao.policy.services import standard_set
from dibao.registry.models import Income
from dibao.registry.services import income_add, income_update
from dibao.reviews.models import Campaign, Review, ReviewState
from dibao.reviews.printing import notice_filename
from dibao.reviews.services import review_open, review_record
from tests.benefits.support import receiving

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db

REVIEWS = f"{API}/reviews/"
CAMPAIGNS = f"{API}/review-campaigns/"
DUE = f"{API}/reviews/due/"
MAR = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def url(pk: int, tail: str = "") -> str:
    return f"{REVIEWS}{pk}/{tail}"


def opened(client, household_id: int) -> dict:  # type: ignore[no-untyped-def]
    response = client.post(REVIEWS, {"household": household_id, "kind": "scheduled"})
    assert response.status_code == 201, response.json()
    return response.json()


def suspend(version: int, **more) -> dict:  # type: ignore[no-untyped-def]
    return {
        "outcome": "suspend",
        "effective_on": "2026-04-01",
        "stop_reason": "absent",
        "reason_text": "长期不在本地居住",
        "version": version,
        **more,
    }


# Opening


def test_report_a_change_with_its_evidence(areas, users, media):
    e = receiving(areas.haizhou, users.haizhou, head={"name": "王秀英"})
    content = b"%PDF-1.4 labour contract"
    response = api_as(users.haizhou).post(
        REVIEWS,
        {
            "household": e.household_id,
            "kind": "change",
            "change_kind": "employment",
            "occurred_on": "2026-02-10",
            "description": "户主在超市找到工作",
            "evidence": SimpleUploadedFile("劳动合同.pdf", content),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    review = Review.objects.get()
    assert body["id"] == review.pk and body["version"] == 1
    assert (body["household"], body["household_number"], body["head"]) == (
        e.household_id,
        e.household.number,
        "王秀英",
    )
    assert (body["kind"], body["change_kind"], body["occurred_on"]) == ("change", "employment", "2026-02-10")
    assert body["state"] == "open" and body["community"] == areas.haizhou.code
    assert body["evidence_name"].endswith(".pdf") and body["description"] == "户主在超市找到工作"
    assert body["actions"] == ["record", "cancel"] and body["opened_by"] == "w_haizhou"
    assert (media / review.evidence.name).read_bytes() == content
    # One open review per household: the change is recorded in it.
    again = api_as(users.haizhou).post(REVIEWS, {"household": e.household_id, "kind": "scheduled"})
    assert again.status_code == 400 and again.json()["code"] == "exists"


def test_a_change_needs_what_and_when_and_a_household_in_the_area(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    client = api_as(users.haizhou)
    response = client.post(REVIEWS, {"household": e.household_id, "kind": "change"})
    assert response.status_code == 400
    assert {"change_kind", "occurred_on"} <= set(response.json()["errors"])
    other = receiving(areas.liubeiqiao, users.liubeiqiao)
    response = client.post(REVIEWS, {"household": other.household_id, "kind": "scheduled"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"household"}
    response = client.post(REVIEWS, {"household": e.household_id, "kind": "campaign"})
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    response = client.post(REVIEWS, {"household": e.household_id, "kind": "scheduled", "state": "decided"})
    assert response.status_code == 400 and "state" in response.json()["errors"]
    assert not Review.objects.exists()


# Recording


def test_a_small_raise_is_applied_at_once_and_a_stale_version_is_a_conflict(areas, users):
    e = receiving(areas.haizhou, users.haizhou)  # 360 − 100 = 260
    income = Income.objects.get(household=e.household)
    income_update(
        income=income,
        data={"kind": "other", "amount": "100", "month_from": "2025-01", "month_to": "2026-02"},
        actor=users.haizhou,
    )
    client = api_as(users.haizhou)
    review = opened(client, e.household_id)
    record = {
        "outcome": "raise",
        "effective_on": "2026-03-01",
        "checked_income": True,
        "findings": "临时收入已于2月结束",
        "version": review["version"] + 1,
    }
    stale = client.post(url(review["id"], "record/"), record)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    response = client.post(url(review["id"], "record/"), {**record, "version": review["version"]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "decided" and body["outcome"] == "raise" and body["checked_income"]
    assert (body["amount_before"], body["amount_after"]) == ("260.00", "360.00")
    assert body["explanation"] and all(isinstance(line, str) for line in body["explanation"])
    assert body["notice_number"] == "" and body["actions"] == []  # a raise has no notice
    assert body["version"] == review["version"] + 1 and body["decided_by"] == "w_haizhou"
    new = Entitlement.objects.get(household=e.household, month_to__isnull=True)
    assert (new.amount, new.month_from) == (Decimal("360.00"), MAR)


def test_continue_when_nothing_changed_and_an_outcome_the_assessment_refuses(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    client = api_as(users.haizhou)
    review = opened(client, e.household_id)
    refused = client.post(url(review["id"], "record/"), {"outcome": "lower", "version": review["version"]})
    assert refused.status_code == 400 and "outcome" in refused.json()["errors"]
    response = client.post(
        url(review["id"], "record/"), {"outcome": "continue", "version": review["version"]}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "decided" and response.json()["amount_after"] == "260.00"
    assert Entitlement.objects.filter(household=e.household).count() == 1


def test_a_suspension_by_the_community_waits_for_the_street(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    worker = api_as(users.haizhou)
    review = opened(worker, e.household_id)
    missing = worker.post(url(review["id"], "record/"), {"outcome": "suspend", "version": 1})
    assert missing.status_code == 400
    assert {"stop_reason", "reason_text"} <= set(missing.json()["errors"])
    response = worker.post(url(review["id"], "record/"), suspend(review["version"]))
    assert response.status_code == 200, response.json()
    proposed = response.json()
    assert proposed["state"] == "proposed" and proposed["actions"] == []
    assert (proposed["stop_reason"], proposed["reason_text"]) == ("absent", "长期不在本地居住")
    e.household.refresh_from_db()
    assert e.household.status == "receiving"  # nothing changes before the approval
    assert worker.post(url(review["id"], "approve/"), {"version": proposed["version"]}).status_code == 403
    street = api_as(users.street)
    assert street.get(url(review["id"])).json()["actions"] == ["approve", "return"]
    stale = street.post(url(review["id"], "approve/"), {"version": proposed["version"] - 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    approved = street.post(url(review["id"], "approve/"), {"version": proposed["version"]})
    assert approved.status_code == 200, approved.json()
    body = approved.json()
    assert body["state"] == "decided" and body["decided_by"] == "s_xinghaiwan"
    assert body["notice_number"] and body["actions"] == ["notice"]
    e.household.refresh_from_db()
    assert e.household.status == "suspended"
    again = street.post(url(review["id"], "approve/"), {"version": body["version"]})
    assert again.status_code == 400 and again.json()["code"] == "state"


def test_return_to_be_recorded_again_and_cancel_with_a_note(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    worker = api_as(users.haizhou)
    review = opened(worker, e.household_id)
    proposed = worker.post(url(review["id"], "record/"), suspend(review["version"])).json()
    returned = api_as(users.street).post(
        url(review["id"], "return/"), {"note": "请补充入户核查情况", "version": proposed["version"]}
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["state"] == "open"
    version = returned.json()["version"]
    assert worker.get(url(review["id"])).json()["actions"] == ["record", "cancel"]
    no_note = worker.post(url(review["id"], "cancel/"), {"version": version})
    assert no_note.status_code == 400 and "note" in no_note.json()["errors"]
    cancelled = worker.post(url(review["id"], "cancel/"), {"note": "重复登记", "version": version})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert Review.objects.get(pk=review["id"]).state == ReviewState.CANCELLED


# Reading and who may


def test_the_list_filters_within_the_area(areas, users):
    a = receiving(areas.haizhou, users.haizhou, head={"name": "李桂兰"})
    b = receiving(areas.haiyue, users.street)
    c = receiving(areas.haizhou, users.haizhou)
    d = receiving(areas.liubeiqiao, users.liubeiqiao)
    first = review_open(household=a.household, actor=users.haizhou)
    second = review_open(
        household=b.household,
        actor=users.street,
        kind="change",
        change_kind="birth",
        occurred_on="2026-02-01",
    )
    third = review_record(
        review=review_open(household=c.household, actor=users.haizhou),
        data={"outcome": "continue"},
        actor=users.haizhou,
    )
    review_open(household=d.household, actor=users.liubeiqiao)
    street = api_as(users.street)

    def ids(query: str = "") -> list[int]:
        response = street.get(f"{REVIEWS}{query}")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert sorted(ids()) == sorted([first.pk, second.pk, third.pk])
    assert sorted(ids("?state=open")) == sorted([first.pk, second.pk])
    assert ids("?kind=change") == [second.pk]
    assert ids(f"?area={areas.haiyue.code}") == [second.pk]
    assert ids(f"?household={a.household_id}") == [first.pk]
    row = street.get(f"{REVIEWS}?household={a.household_id}").json()["results"][0]
    assert (row["head"], row["household_number"], row["state_label"]) == (
        "李桂兰",
        a.household.number,
        str(ReviewState.OPEN.label),
    )
    outside = street.get(f"{REVIEWS}?area={areas.liubeiqiao.code}")
    assert outside.status_code == 400 and set(outside.json()["errors"]) == {"area"}
    assert street.get(f"{REVIEWS}?state=nonsense").status_code == 400
    assert api_as(users.county).get(REVIEWS).json()["count"] == 4


def test_another_communitys_review_is_not_found(areas, users):
    e = receiving(areas.liubeiqiao, users.liubeiqiao)
    review = review_open(household=e.household, actor=users.liubeiqiao)
    for user in (users.haizhou, users.street):
        client = api_as(user)
        assert client.get(url(review.pk)).status_code == 404
        assert client.post(url(review.pk, "record/"), suspend(review.version)).status_code == 404
        assert client.post(url(review.pk, "cancel/"), {"note": "x", "version": 1}).status_code == 404
        assert client.get(url(review.pk, "notice/")).status_code == 404
        assert client.get(REVIEWS).json()["count"] == 0
    assert api_as(users.county).get(url(review.pk)).status_code == 200
    review.refresh_from_db()
    assert review.state == ReviewState.OPEN and review.version == 1


def test_an_auditor_reads_but_may_not_write(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.haizhou)
    auditor = api_as(users.auditor)
    assert auditor.get(REVIEWS).json()["count"] == 1
    detail = auditor.get(url(review.pk))
    assert detail.status_code == 200 and detail.json()["actions"] == []
    for path, body in (
        (REVIEWS, {"household": e.household_id, "kind": "scheduled"}),
        (url(review.pk, "record/"), {"outcome": "continue", "version": 1}),
        (url(review.pk, "cancel/"), {"note": "x", "version": 1}),
        (url(review.pk, "approve/"), {"version": 1}),
        (CAMPAIGNS, {"year": 2026, "due_on": "2026-12-31"}),
    ):
        response = auditor.post(path, body)
        assert response.status_code == 403, path
        assert response.json()["code"] in ("permission_denied", "forbidden")
    assert auditor.get(DUE).status_code == 200
    assert api_as(users.admin).get(REVIEWS).status_code == 403  # the administrator keeps users, not cases
    assert api_as().get(REVIEWS).status_code in (401, 403)
    review.refresh_from_db()
    assert review.state == ReviewState.OPEN


def test_the_notice_as_pdf_and_none_before_a_decision(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.haizhou)
    client = api_as(users.haizhou)
    early = client.get(url(review.pk, "notice/"), HTTP_ACCEPT="application/pdf")
    assert early.status_code == 400 and early.json()["code"] == "state"
    decided = api_as(users.street).post(url(review.pk, "record/"), suspend(review.version)).json()
    assert decided["state"] == "decided"  # the street recorded it: no second approval
    response = client.get(url(review.pk, "notice/"), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    review = Review.objects.select_related("community").get(notice_number=decided["notice_number"])
    assert response["Content-Disposition"] == content_disposition(notice_filename(review))
    assert f"告知书（{review.notice_number}）-海州社区-" in notice_filename(review)
    assert api_as(users.auditor).get(url(review.pk, "notice/")).status_code == 200


# Campaigns


def test_a_street_opens_its_annual_review(areas, users):
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.haiyue, users.street)
    receiving(areas.liubeiqiao, users.liubeiqiao)
    body = {"year": 2026, "due_on": "2026-12-31"}
    assert api_as(users.haizhou).post(CAMPAIGNS, body).status_code == 403
    street = api_as(users.street)
    response = street.post(CAMPAIGNS, body)
    assert response.status_code == 202, response.json()  # a job, polled at its url
    job = street.get(response["Location"]).json()
    assert (job["kind"], job["state"], job["outcome"]["reviews"]) == ("review-campaign-open", "succeeded", 2)
    [created] = street.get(CAMPAIGNS).json()["results"]
    assert created["id"] == job["outcome"]["campaign"]
    assert (created["area"], created["year"], created["due_on"], created["reviews"]) == (
        areas.xinghaiwan.code,
        2026,
        "2026-12-31",
        2,
    )
    assert created["created_by"] == "s_xinghaiwan"
    assert Review.objects.filter(kind="campaign").count() == 2
    again = street.post(CAMPAIGNS, body)
    assert again.status_code == 400 and again.json()["code"] == "exists"
    above = street.post(CAMPAIGNS, {**body, "area": areas.county.code})
    assert above.status_code == 400 and set(above.json()["errors"]) == {"area"}
    assert [c["id"] for c in api_as(users.haizhou).get(CAMPAIGNS).json()["results"]] == [created["id"]]
    assert api_as(users.liubeiqiao).get(CAMPAIGNS).json()["count"] == 0
    assert api_as(users.county).get(CAMPAIGNS).json()["count"] == 1
    assert Campaign.objects.count() == 1


# Due


def next_review_in(entitlement: Entitlement, days: int) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days)
    Entitlement.objects.filter(pk=entitlement.pk).update(next_review=day)
    return day


def test_the_households_due_for_review(areas, users):
    overdue = receiving(areas.haizhou, users.haizhou, head={"name": "周桂芳"})
    soon = receiving(areas.haiyue, users.street)
    later = receiving(areas.haizhou, users.haizhou)
    elsewhere = receiving(areas.liubeiqiao, users.liubeiqiao)
    due_on = next_review_in(overdue, -3)
    next_review_in(soon, 10)
    next_review_in(later, 60)
    next_review_in(elsewhere, -1)
    review_open(household=overdue.household, actor=users.haizhou)
    street = api_as(users.street)
    response = street.get(DUE)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [row["household"] for row in body["households"]] == [overdue.household_id, soon.household_id]
    assert body["households"][0] == {
        "household": overdue.household_id,
        "number": overdue.household.number,
        "head": "周桂芳",
        "community": areas.haizhou.code,
        "community_name": areas.haizhou.name,
        "management_class": overdue.management_class,
        "next_review": due_on.isoformat(),
        "overdue": True,
        "days": -3,
        "has_open_review": True,
    }
    assert (body["area"], body["days"], body["overdue"], body["due_soon"], body["with_open_review"]) == (
        areas.xinghaiwan.code,
        30,
        1,
        1,
        1,
    )
    assert len(street.get(f"{DUE}?days=90").json()["households"]) == 3
    community = api_as(users.haizhou).get(DUE).json()
    assert [row["household"] for row in community["households"]] == [overdue.household_id]
    county = api_as(users.county).get(f"{DUE}?area={areas.liubeiqiao.code}").json()
    assert [row["household"] for row in county["households"]] == [elsewhere.household_id]
    outside = street.get(f"{DUE}?area={areas.liubeiqiao.code}")
    assert outside.status_code == 400 and set(outside.json()["errors"]) == {"area"}
    assert street.get(f"{DUE}?days=-1").status_code == 400


def test_every_reviews_endpoint_is_in_the_schema():
    schema = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/reviews/"])
    assert "multipart/form-data" in paths["/api/v1/reviews/"]["post"]["requestBody"]["content"]
    assert "get" in paths["/api/v1/reviews/{id}/"]
    for name in ("record", "approve", "return", "cancel"):
        assert "requestBody" in paths[f"/api/v1/reviews/{{id}}/{name}/"]["post"], name
    assert "application/pdf" in paths["/api/v1/reviews/{id}/notice/"]["get"]["responses"]["200"]["content"]
    assert "get" in paths["/api/v1/reviews/due/"]
    assert {"get", "post"} <= set(paths["/api/v1/review-campaigns/"])
    filters = {p["name"] for p in paths["/api/v1/reviews/"]["get"]["parameters"]}
    assert {"state", "kind", "area", "household", "page"} <= filters
    components = schema["components"]["schemas"]
    for enum in ("ReviewStateEnum", "ReviewKindEnum", "ReviewOutcomeEnum", "StopReasonEnum"):
        assert components[enum]["enum"], enum


def test_income_added_after_recording_makes_the_approval_stale(areas, users):
    """The street approves against the facts recorded: a change since is a conflict too."""
    e = receiving(areas.haizhou, users.haizhou)  # 260
    income_add(
        household=e.household,
        data={"kind": "other", "amount": "200", "month_from": "2026-02"},
        actor=users.haizhou,
    )
    worker = api_as(users.haizhou)
    review = opened(worker, e.household_id)
    proposed = worker.post(
        url(review["id"], "record/"),
        {"outcome": "lower", "effective_on": "2026-03-01", "version": review["version"]},
    ).json()
    assert proposed["state"] == "proposed" and proposed["amount_after"] == "60.00"  # lowered by 200
    income_add(
        household=e.household,
        data={"kind": "other", "amount": "10", "month_from": "2026-02"},
        actor=users.haizhou,
    )
    response = api_as(users.street).post(url(review["id"], "approve/"), {"version": proposed["version"]})
    assert response.status_code == 409 and response.json()["code"] == "stale"
    assert Review.objects.get(pk=review["id"]).state == ReviewState.PROPOSED
