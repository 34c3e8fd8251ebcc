"""Recalculations and entitlements through the API: everyone reads what reaches their area (a street
only its own households' lines), only the county confirms, and confirming moves every amount at once
with an audit entry each."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings

from dibao.benefits.models import Entitlement, Recalculation
from dibao.benefits.selectors import entitlement_in_force
from dibao.core.models import AuditEntry
from dibao.policy.services import standard_set

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from .support import receiving

pytestmark = pytest.mark.django_db

JUL = datetime.date(2026, 7, 1)


@pytest.fixture
def standards(areas):
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2026-01"}, actor=None
        )


@pytest.fixture
def recalculation(areas, users, standards):
    """Receiving households in 海州 (星海湾 street) and 柳背桥 (石桥铺 street), and the county's
    rise of the urban standard to 400 from July, set through the API."""
    entitlements = {
        "haizhou": receiving(areas.haizhou, users.haizhou),  # 260 now, 300 from July
        "haiyue": receiving(areas.haiyue, users.street, income="50"),  # 310 now, 350 from July
        "liubeiqiao": receiving(areas.liubeiqiao, users.liubeiqiao, members=1, income="200"),  # 520 → 600
    }
    response = api_as(users.county).post(
        f"{API}/standards/", {"area": "210204", "kind": "urban", "amount": "400", "valid_from": "2026-07"}
    )
    assert response.status_code == 201, response.json()
    batch = Recalculation.objects.get(pk=response.json()["recalculation"])
    return batch, entitlements


def test_the_county_reads_the_whole_recalculation(users, recalculation):
    batch, entitlements = recalculation
    client = api_as(users.county)
    [listed] = client.get(f"{API}/recalculations/").json()["results"]
    assert listed["id"] == batch.pk
    assert (listed["area"], listed["kind"], listed["standard"], listed["month"]) == (
        "210204",
        "urban",
        "400.00",
        "2026-07",
    )
    assert (listed["state"], listed["households"], listed["raised"], listed["lowered"]) == ("draft", 3, 3, 0)
    assert (listed["total_before"], listed["total_after"]) == ("1090.00", "1250.00")
    assert listed["created_by"] == users.county.username and listed["decided_by"] is None
    detail = client.get(f"{API}/recalculations/{batch.pk}/").json()
    lines = {line["household"]: line for line in detail["lines"]}
    assert set(lines) == {e.household_id for e in entitlements.values()}
    line = lines[entitlements["haizhou"].household_id]
    assert (line["amount_before"], line["amount_after"], line["difference"]) == ("260.00", "300.00", "40.00")
    assert (line["eligible"], line["persons"], line["standard"], line["head"]) == (True, 1, "400.00", "张三")
    assert (line["community"], line["number"]) == ("210204001001", entitlements["haizhou"].household.number)
    assert "explanation" not in line


def test_a_street_and_a_community_see_only_their_own_households_lines(users, recalculation):
    batch, entitlements = recalculation
    ids = {name: e.household_id for name, e in entitlements.items()}
    for user, expected in (
        (users.street, {ids["haizhou"], ids["haiyue"]}),
        (users.haizhou, {ids["haizhou"]}),
        (users.liubeiqiao, {ids["liubeiqiao"]}),
        (users.auditor, set(ids.values())),
    ):
        client = api_as(user)
        assert [r["id"] for r in client.get(f"{API}/recalculations/").json()["results"]] == [batch.pk]
        detail = client.get(f"{API}/recalculations/{batch.pk}/").json()
        assert {line["household"] for line in detail["lines"]} == expected, user.username
        lines = client.get(f"{API}/recalculations/{batch.pk}/lines/").json()
        assert lines["count"] == len(expected)
        assert {line["household"] for line in lines["results"]} == expected


def test_lines_explain_the_new_amount_in_the_callers_language(users, recalculation):
    batch, _ = recalculation
    path = f"{API}/recalculations/{batch.pk}/lines/"
    [chinese] = api_as(users.haizhou).get(path).json()["results"]
    assert "月低保金：300.00 元。" in chinese["explanation"]
    [english] = api_as(users.haizhou, language="en").get(path).json()["results"]
    assert "Monthly benefit: 300.00 yuan." in english["explanation"]
    client = api_as(users.haizhou)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(path).json()["results"][0]["explanation"] == english["explanation"]


def test_the_county_confirms_and_every_amount_moves_with_an_audit_entry(users, recalculation):
    batch, entitlements = recalculation
    audited = AuditEntry.objects.count()
    response = api_as(users.county).post(f"{API}/recalculations/{batch.pk}/confirm/")
    assert response.status_code == 202, response.json()  # a job, polled at its url
    job = api_as(users.county).get(response["Location"]).json()
    assert (job["kind"], job["state"], job["outcome"]["state"]) == (
        "recalculation-confirm",
        "succeeded",
        "confirmed",
    )
    body = api_as(users.county).get(f"{API}/recalculations/{batch.pk}/").json()
    assert (body["state"], body["decided_by"]) == ("confirmed", users.county.username)
    assert body["decided_at"] is not None
    for entitlement, amount in (
        (entitlements["haizhou"], "300.00"),
        (entitlements["haiyue"], "350.00"),
        (entitlements["liubeiqiao"], "600.00"),
    ):
        now = entitlement_in_force(entitlement.household, JUL)
        assert now is not None and now.pk != entitlement.pk
        assert (now.amount, now.reason, now.recalculation_id) == (Decimal(amount), "standard", batch.pk)
        entitlement.refresh_from_db()
        assert entitlement.month_to == datetime.date(2026, 6, 1)
        assert AuditEntry.objects.filter(
            actor=users.county, household_id=entitlement.household_id, object_id=str(now.pk)
        ).exists()
    # One entry per new entitlement, one for the recalculation itself and one for the job started.
    assert AuditEntry.objects.count() == audited + 5
    assert AuditEntry.objects.filter(actor=users.county, object_id=str(batch.pk), action="update").exists()
    # The household's history shows the new version first.
    household = entitlements["haizhou"].household
    history = api_as(users.haizhou).get(f"{API}/households/{household.pk}/entitlements/").json()["results"]
    assert [(e["month_from"], e["amount"], e["reason"]) for e in history] == [
        ("2026-07", "300.00", "standard"),
        ("2026-01", "260.00", "approval"),
    ]


def test_a_second_confirmation_is_refused_with_the_services_message(users, recalculation):
    batch, _ = recalculation
    client = api_as(users.county, language="en")
    assert client.post(f"{API}/recalculations/{batch.pk}/confirm/").status_code == 202
    entitlements = Entitlement.objects.count()
    again = client.post(f"{API}/recalculations/{batch.pk}/confirm/")
    assert again.status_code == 400
    assert again.json()["code"] == "stale"
    assert again.json()["errors"] == {"__all__": ["This recalculation is already Confirmed."]}
    discard = api_as(users.county).post(f"{API}/recalculations/{batch.pk}/discard/")
    assert discard.status_code == 400
    assert discard.json()["errors"] == {"__all__": ["该调标重算已处于“已确认”状态。"]}
    assert Entitlement.objects.count() == entitlements


def test_a_discarded_recalculation_changes_no_amount(users, recalculation):
    batch, entitlements = recalculation
    response = api_as(users.county).post(f"{API}/recalculations/{batch.pk}/discard/")
    assert response.status_code == 200 and response.json()["state"] == "discarded"
    for entitlement in entitlements.values():
        assert entitlement_in_force(entitlement.household, JUL) == entitlement
    listed = api_as(users.county).get(f"{API}/recalculations/", {"state": "draft"}).json()
    assert listed["count"] == 0
    assert api_as(users.county).get(f"{API}/recalculations/", {"state": "discarded"}).json()["count"] == 1
    assert api_as(users.county).get(f"{API}/recalculations/", {"state": ""}).json()["count"] == 1
    wrong = api_as(users.county).get(f"{API}/recalculations/", {"state": "gone"})
    assert wrong.status_code == 400 and list(wrong.json()["errors"]) == ["state"]


@pytest.mark.parametrize("who", ["haizhou", "street", "auditor", "admin"])
def test_only_the_county_confirms_or_discards(users, recalculation, who):
    batch, _ = recalculation
    client = api_as(getattr(users, who))
    entitlements = Entitlement.objects.count()
    for step in ("confirm", "discard"):
        response = client.post(f"{API}/recalculations/{batch.pk}/{step}/")
        assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.state == "draft" and Entitlement.objects.count() == entitlements


def test_an_unknown_recalculation_is_not_found(users, recalculation):
    batch, _ = recalculation
    client = api_as(users.county)
    for path in (f"{batch.pk + 1}/", f"{batch.pk + 1}/lines/", f"{batch.pk + 1}/confirm/"):
        method = client.post if path.endswith("confirm/") else client.get
        assert method(f"{API}/recalculations/{path}").status_code == 404
    assert client.get(f"{API}/recalculations/abc/").status_code == 404


def test_entitlement_history_with_its_explanation(areas, users, standards):
    entitlement = receiving(areas.haizhou, users.haizhou)
    path = f"{API}/households/{entitlement.household_id}/entitlements/"
    body = api_as(users.haizhou).get(path).json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == entitlement.pk
    assert (row["month_from"], row["month_to"], row["void"]) == ("2026-01", None, False)
    assert (row["amount"], row["persons"], row["standard"], row["per_capita_income"]) == (
        "260.00",
        1,
        "360.00",
        "100.00",
    )
    assert (row["reason"], row["urban_rural"], row["recalculation"]) == ("approval", "urban", None)
    assert "月低保金：260.00 元。" in row["explanation"]
    english = api_as(users.haizhou, language="en").get(path).json()["results"][0]
    assert "Monthly benefit: 260.00 yuan." in english["explanation"]
    assert english["reason_label"] == "Approved application"
    assert api_as(users.liubeiqiao).get(path).status_code == 404
    assert api_as(users.street).get(path).status_code == 200


def test_every_benefits_endpoint_is_in_the_schema(areas):
    paths = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in (
        "/api/v1/recalculations/",
        "/api/v1/recalculations/{id}/",
        "/api/v1/recalculations/{id}/lines/",
        "/api/v1/households/{id}/entitlements/",
    ):
        assert "get" in paths[path]
    assert "post" in paths["/api/v1/recalculations/{id}/confirm/"]
    assert "post" in paths["/api/v1/recalculations/{id}/discard/"]


def test_reading_a_recalculation_takes_the_same_queries_for_any_number_of_lines(
    areas, users, recalculation, django_assert_max_num_queries
):
    batch, _ = recalculation
    client = api_as(users.county)
    client.get(f"{API}/recalculations/{batch.pk}/")  # the token's first use
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/recalculations/{batch.pk}/").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(f"{API}/recalculations/{batch.pk}/lines/").status_code == 200
