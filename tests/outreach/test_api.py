"""The outreach API: services, registrations and referrals, in the caller's area, ID numbers masked."""

import pytest

from dibao.outreach import services
from dibao.outreach.models import Service

from ..api_support import api_as
from .support import HEAD, months_ago, setting

pytestmark = pytest.mark.django_db


def test_services_entries_and_referrals_through_the_api(areas, users):
    made = setting(areas, users)
    worker = api_as(users.haizhou)
    listed = worker.get("/api/v1/outreach/services/").json()
    codes = {row["code"] for row in listed["results"]}
    assert {"senior_card", "cataract"} <= codes
    card = Service.objects.get(code="senior_card")
    assert worker.get(f"/api/v1/outreach/services/{card.pk}/").json()["steps"] == [
        "已申请",
        "已发证",
        "已送达",
    ]

    created = worker.post("/api/v1/outreach/entries/", {"service": "senior_card", "person": made.head.pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == HEAD and body["step_name"] == "已申请" and body["state"] == "open"
    assert body["id_number"] != made.head.id_number and body["id_number"].endswith(made.head.id_number[-4:])
    stepped = worker.post(f"/api/v1/outreach/entries/{body['id']}/step/", {"step": 2, "outcome": "已送达"})
    assert stepped.status_code == 200 and stepped.json()["state"] == "done"
    assert (
        worker.get("/api/v1/outreach/entries/", {"service": "senior_card", "state": "done"}).json()["count"]
        == 1
    )
    assert worker.get("/api/v1/outreach/entries/", {"state": "open"}).json()["count"] == 0
    refused = worker.post("/api/v1/outreach/entries/", {"service": "nope", "person": made.head.pk})
    assert refused.status_code == 400 and "service" in refused.json()["errors"]

    referral = worker.post(
        "/api/v1/outreach/referrals/",
        {
            "person": made.other.pk,
            "kind": "employer",
            "employer": "海州物业公司",
            "referred_on": str(months_ago(2)),
        },
    )
    assert referral.status_code == 201, referral.content
    rid = referral.json()["id"]
    hired = worker.post(
        f"/api/v1/outreach/referrals/{rid}/outcome/",
        {"outcome": "hired", "start_on": str(months_ago(1)), "wage": "2000"},
    )
    assert hired.status_code == 200, hired.content
    assert hired.json()["review"] is not None and hired.json()["wage"] == "2000.00"
    assert worker.get("/api/v1/outreach/referrals/", {"outcome": "hired"}).json()["count"] == 1

    # Another community's worker finds none of it, and may not use 海州's person.
    other = api_as(users.liubeiqiao)
    assert other.get("/api/v1/outreach/entries/").json()["count"] == 0
    assert other.get(f"/api/v1/outreach/referrals/{rid}/").status_code == 404
    assert (
        other.post("/api/v1/outreach/entries/", {"service": "cataract", "person": made.head.pk}).status_code
        == 400
    )
    # The auditor reads and writes nothing.
    auditor = api_as(users.auditor)
    assert auditor.get("/api/v1/outreach/referrals/").json()["count"] == 1
    assert (
        auditor.post("/api/v1/outreach/entries/", {"service": "cataract", "person": made.head.pk}).status_code
        == 403
    )


def test_list_pages_have_a_bounded_query_count(areas, users, client, django_assert_max_num_queries):
    made = setting(areas, users)
    card = Service.objects.get(code="cataract")
    for member in (made.head, made.other):
        services.entry_register(service=card, member=member, data={}, actor=users.haizhou)
        services.referral_record(
            member=member, data={"kind": "job_fair", "employer": "招聘会"}, actor=users.haizhou
        )
    client.force_login(users.haizhou)
    for address in ("/outreach/", f"/outreach/services/{card.pk}/", "/outreach/referrals/"):
        with django_assert_max_num_queries(14):
            assert client.get(address).status_code == 200
