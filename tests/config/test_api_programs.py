"""Program is a field and a filter of the applications, entitlements, payroll lines and reviews
endpoints, in the code every endpoint and command uses, and the schema says so."""

import datetime
from decimal import Decimal

from dibao.benefits.services import Grant, entitlement_grant
from dibao.payroll import services as payroll
from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from dibao.reviews.services import review_open
from tests.api_support import API, api_as
from tests.benefits.support import receiving
from tests.cases.support import application

JAN = datetime.date(2026, 1, 1)


def codes_of(answer) -> list[str]:  # type: ignore[no-untyped-def]
    assert answer.status_code == 200, answer.content
    return [row["program"] for row in answer.json()["results"]]


def test_applications_and_reviews_carry_dibao_and_are_filtered_by_program(areas, users):
    app = application(areas, users)
    client = api_as(users.haizhou)
    assert codes_of(client.get(f"{API}/applications/")) == [codes.DIBAO]
    assert codes_of(client.get(f"{API}/applications/?program=dibao")) == [codes.DIBAO]
    assert codes_of(client.get(f"{API}/applications/?program=elderly_allowance")) == []
    assert client.get(f"{API}/applications/?program=nothing").status_code == 400
    assert app.program_id == codes.DIBAO

    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )
    entitlement = receiving(areas.haizhou, users.haizhou)
    review_open(household=entitlement.household, actor=users.haizhou)
    assert codes_of(client.get(f"{API}/reviews/?program=dibao")) == [codes.DIBAO]
    assert codes_of(client.get(f"{API}/reviews/?program=extreme_poverty")) == []


def test_entitlements_and_payroll_lines_carry_their_program_and_person(areas, users):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )
    dibao = receiving(areas.haizhou, users.haizhou, members=1)
    spouse = dibao.household.members.exclude(relation="self").get()
    entitlement_grant(
        household=dibao.household,
        grant=Grant(amount=Decimal("100.00"), persons=1, urban_rural="urban"),
        month_from=JAN,
        reason="approval",
        actor=None,
        program=codes.ELDERLY_ALLOWANCE,
        member=spouse,
    )
    client = api_as(users.county)
    url = f"{API}/households/{dibao.household_id}/entitlements/"
    rows = client.get(url).json()["results"]
    assert sorted((r["program"], r["member"]) for r in rows) == [
        (codes.DIBAO, None),
        (codes.ELDERLY_ALLOWANCE, spouse.pk),
    ]
    assert codes_of(client.get(f"{url}?program=elderly_allowance")) == [codes.ELDERLY_ALLOWANCE]

    run = payroll.run_draft(county=areas.county, month=JAN, actor=users.county)
    lines = f"{API}/payroll-runs/{run.pk}/lines/"
    assert sorted(codes_of(client.get(lines))) == sorted([codes.DIBAO, codes.ELDERLY_ALLOWANCE])
    assert codes_of(client.get(f"{lines}?program=dibao")) == [codes.DIBAO]


def test_the_schema_documents_program_as_field_and_filter():
    schema = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/applications/",
        "/api/v1/reviews/",
        "/api/v1/payroll-runs/{id}/lines/",
        "/api/v1/households/{id}/entitlements/",
    ):
        assert "program" in {p["name"] for p in paths[path]["get"]["parameters"]}, path
    components = schema["components"]["schemas"]
    assert set(components["ProgramEnum"]["enum"]) >= set(codes.RECURRING)
    for output in ("ApplicationOutput", "ReviewOutput", "PayrollLineOutput", "EntitlementOutput"):
        assert "program" in components[output]["properties"], output
