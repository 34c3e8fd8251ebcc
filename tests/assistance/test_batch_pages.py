"""The batch pages and API: the county makes a batch, a second officer approves it, its bank file
is a job; the list's queries are bounded; another county's officer finds nothing; and the holiday
campaigns' API reads campaigns with their totals and masked recipients, in the caller's area."""

import datetime
import subprocess
from decimal import Decimal

import pytest

from dibao.areas.models import Area, Level
from dibao.assistance.batches.services import batch_approve, batch_create
from dibao.assistance.holiday.services import holiday_campaign_create
from dibao.assistance.models import BatchState, DisbursementBatch, GrantState, OneOffGrant
from dibao.core.models import Job
from dibao.core.roles import Role
from tests.factories import UserFactory, make_household

from ..api_support import api_as
from .test_batches import grant, paid_in, standards  # noqa: F401  (the standard, as a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(areas):  # type: ignore[no-untyped-def]
    return UserFactory.create(username="c_second", role=Role.COUNTY, area=areas.county)


@pytest.fixture
def elsewhere():  # type: ignore[no-untyped-def]
    """An officer of another county."""
    other = Area.objects.create(code="210203", name="西岗区", level=Level.COUNTY, scope_prefix="210203")
    return UserFactory.create(username="c_xigang", role=Role.COUNTY, area=other)


def test_the_county_makes_approves_and_sends_a_batch_on_its_pages(areas, users, second, client):
    paid_in(areas, "batch")
    made = grant(areas, users)
    client.force_login(users.county)
    listing = client.get("/assistance/batches/")
    assert listing.status_code == 200 and "batch-create" in listing.content.decode()
    response = client.post("/assistance/batches/", {"program": "temporary", "title": ""})
    batch = DisbursementBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assistance/batches/{batch.pk}/"
    page = client.get(f"/assistance/batches/{batch.pk}/").content.decode()
    assert "720.00" in page and made.household.number in page
    assert "batch-approve" not in page  # the maker does not approve
    # The maker's POST is refused with the reason, and nothing changes.
    client.post(f"/assistance/batches/{batch.pk}/approve/")
    assert DisbursementBatch.objects.get().state == BatchState.DRAFT
    client.force_login(second)
    assert (
        f"/assistance/batches/{batch.pk}/approve/"
        in client.get(f"/assistance/batches/{batch.pk}/").content.decode()
    )
    client.post(f"/assistance/batches/{batch.pk}/approve/")
    assert DisbursementBatch.objects.get().state == BatchState.APPROVED
    # The bank file is a job (immediate in tests), whose page offers the file.
    response = client.post(f"/assistance/batches/{batch.pk}/bank-file/")
    job = Job.objects.get(kind="assistance-batch-bank-file")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.SUCCEEDED and job.outcome["lines"] == 1
    assert DisbursementBatch.objects.get().state == BatchState.EXPORTED
    assert OneOffGrant.objects.get(pk=made.pk).state == GrantState.PAID
    # The roster for signing, both ways.
    pdf = client.get(f"/assistance/batches/{batch.pk}/roster/pdf/")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert "720.00" in text.decode() and made.household.number in text.decode()
    xlsx = client.get(f"/assistance/batches/{batch.pk}/roster/xlsx/")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"/assistance/batches/{batch.pk}/roster/doc/").status_code == 404


def test_a_batch_is_its_countys_alone(areas, users, elsewhere, client):
    paid_in(areas, "batch")
    grant(areas, users)
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    client.force_login(elsewhere)
    for address in ("", "roster/pdf/", "roster/xlsx/"):
        assert client.get(f"/assistance/batches/{batch.pk}/{address}").status_code == 404
    for address in ("approve/", "bank-file/"):
        assert client.post(f"/assistance/batches/{batch.pk}/{address}").status_code == 404
    assert str(batch.title) not in client.get("/assistance/batches/").content.decode()
    api = api_as(elsewhere)
    assert api.get("/api/v1/assistance/batches/").json()["results"] == []
    for address in ("", "grants/"):
        assert api.get(f"/api/v1/assistance/batches/{batch.pk}/{address}").status_code == 404
    for address in ("approve/", "bank-file/"):
        assert api.post(f"/api/v1/assistance/batches/{batch.pk}/{address}").status_code == 404
    # The county's communities and streets have no batch pages at all.
    client.force_login(users.street)
    assert client.get("/assistance/batches/").status_code == 403
    assert api_as(users.haizhou).get("/api/v1/assistance/batches/").status_code == 403
    assert DisbursementBatch.objects.get().state == BatchState.DRAFT


def test_the_batch_list_reads_in_a_bounded_number_of_queries(
    areas, users, client, django_assert_max_num_queries
):
    paid_in(areas, "batch")
    for _ in range(3):
        grant(areas, users)
        batch_create(county=areas.county, program="temporary", actor=users.county)
    client.force_login(users.county)
    with django_assert_max_num_queries(25):
        assert client.get("/assistance/batches/").status_code == 200
    batch = DisbursementBatch.objects.first()
    for _ in range(5):
        OneOffGrant.objects.filter(pk=grant(areas, users).pk).update(paid_batch=batch)
    with django_assert_max_num_queries(20):
        assert client.get(f"/assistance/batches/{batch.pk}/").status_code == 200


def test_the_batch_api(areas, users, second):
    paid_in(areas, "batch")
    made = grant(areas, users, amount="333.33")
    api = api_as(users.county)
    refused = api.post("/api/v1/assistance/batches/", {"program": "dibao"})
    assert refused.status_code == 400 and "program" in refused.json()["errors"]
    created = api.post("/api/v1/assistance/batches/", {"program": "temporary", "title": "春节前临时救助"})
    assert created.status_code == 201
    body = created.json()
    assert (body["state"], body["persons"], body["amount"], body["title"]) == (
        "draft",
        1,
        "333.33",
        "春节前临时救助",
    )
    pk = body["id"]
    assert api.get("/api/v1/assistance/batches/?state=draft&program=").json()["count"] == 1
    grants = api.get(f"/api/v1/assistance/batches/{pk}/grants/").json()["results"]
    assert [g["id"] for g in grants] == [made.pk]
    assert "*" in grants[0]["head_id_number"]  # masked
    own = api.post(f"/api/v1/assistance/batches/{pk}/approve/")
    assert own.status_code == 400 and own.json()["code"] == "same_person"
    early = api_as(second).post(f"/api/v1/assistance/batches/{pk}/bank-file/")
    assert early.status_code == 400
    approved = api_as(second).post(f"/api/v1/assistance/batches/{pk}/approve/")
    assert approved.status_code == 200 and approved.json()["approved_by"] == "c_second"
    started = api.post(f"/api/v1/assistance/batches/{pk}/bank-file/")
    assert started.status_code == 202 and started.json()["file_url"]
    assert api.get(f"/api/v1/assistance/batches/{pk}/").json()["state"] == "exported"
    # The auditor reads, and may not act.
    auditor = api_as(users.auditor)
    assert auditor.get(f"/api/v1/assistance/batches/{pk}/").status_code == 200
    assert auditor.post("/api/v1/assistance/batches/", {"program": "temporary"}).status_code == 403


def test_cancelling_a_grant_sent_in_a_batch_is_refused_with_the_day(areas, users, second):
    paid_in(areas, "batch")
    made = grant(areas, users)
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    batch_approve(batch=batch, actor=second)
    api_as(users.county).post(f"/api/v1/assistance/batches/{batch.pk}/bank-file/")
    refused = api_as(users.street).post(f"/api/v1/grants/{made.pk}/cancel/", {"reason": "错误"})
    assert refused.status_code == 400 and refused.json()["code"] == "exported"
    assert datetime.date.today().strftime("%Y") in str(refused.json())
    assert OneOffGrant.objects.get(pk=made.pk).state == GrantState.PAID


def test_the_holiday_campaigns_api_reads_totals_and_masked_recipients_of_the_callers_area(areas, users):
    mine = make_household(areas.haizhou, users.haizhou)
    theirs = make_household(areas.liubeiqiao, users.liubeiqiao)
    campaign = holiday_campaign_create(
        area=areas.county,
        data={
            "name": "春节慰问",
            "held_on": "2026-02-10",
            "criteria": "",
            "items": [{"kind": "cash", "unit_value": "200"}],
        },
        actor=users.county,
    )
    from dibao.assistance.holiday.services import holiday_recipient_add

    for household in (mine, theirs):
        holiday_recipient_add(campaign=campaign, household=household, reason="困难党员", actor=users.county)
    county = api_as(users.county)
    listed = county.get("/api/v1/assistance/holiday-campaigns/").json()["results"]
    assert [c["id"] for c in listed] == [campaign.pk]
    detail = county.get(f"/api/v1/assistance/holiday-campaigns/{campaign.pk}/").json()
    assert detail["totals"]["total"]["households"] == 2
    assert detail["totals"]["total"]["value"] == "400.00"
    assert {s["code"] for s in detail["totals"]["streets"]} == {areas.xinghaiwan.code, areas.shiqiaopu.code}
    assert len(detail["totals"]["communities"]) == 2
    # The community sees its own part only.
    worker = api_as(users.haizhou)
    detail = worker.get(f"/api/v1/assistance/holiday-campaigns/{campaign.pk}/").json()
    assert detail["totals"]["total"]["households"] == 1
    assert [c["code"] for c in detail["totals"]["communities"]] == [areas.haizhou.code]
    rows = worker.get(f"/api/v1/assistance/holiday-campaigns/{campaign.pk}/recipients/").json()["results"]
    head = mine.members.get(relation="self")
    assert [r["household"] for r in rows] == [mine.pk]
    assert rows[0]["id_number"] != head.id_number and rows[0]["id_number"].endswith(head.id_number[-4:])
    assert rows[0]["value"] == "200.00" and rows[0]["by_hand"] is True
    assert head.id_number not in str(
        county.get(f"/api/v1/assistance/holiday-campaigns/{campaign.pk}/recipients/").json()
    )
    # A street's campaign is not the other street's.
    street_campaign = holiday_campaign_create(
        area=areas.xinghaiwan,
        data={
            "name": "中秋慰问",
            "held_on": "2026-09-25",
            "criteria": "",
            "items": [{"kind": "rice", "unit_value": "50"}],
        },
        actor=users.street,
    )
    assert (
        api_as(users.liubeiqiao)
        .get(f"/api/v1/assistance/holiday-campaigns/{street_campaign.pk}/")
        .status_code
        == 404
    )
    assert (
        Decimal(
            county.get(f"/api/v1/assistance/holiday-campaigns/{street_campaign.pk}/").json()["totals"][
                "total"
            ]["value"]
        )
        >= 0
    )
