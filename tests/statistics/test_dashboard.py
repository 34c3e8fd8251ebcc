"""The dashboard's answer: the engine's figures, twelve months by program and the month by class,
category and area; scoped to the reader's area; a bounded number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dibao.benefits.models import MovementKind
from dibao.core.months import add_months
from dibao.statistics.selectors import statistics
from tests.api_support import api_as
from tests.statistics.support import FEB, MAR, D, granted, stop

API = "/api/v1/statistics/dashboard/"
PAGE = "/statistics/dashboard/"


@pytest.fixture
def books(areas, users):  # type: ignore[no-untyped-def]
    actor = users.county
    granted(areas.haizhou, actor, "500", 2, "A", FEB)
    granted(areas.haiyue, actor, "300", 1, "B", MAR)
    h = granted(areas.liubeiqiao, actor, "260", 1, "", FEB, urban_rural="rural")
    stop(h, MovementKind.TERMINATE, D(2026, 3, 10), "death", actor)


def test_the_dashboard_holds_the_engines_figures(areas, users, books):
    body = api_as(users.county).get(API, {"month": "2026-04"}).json()
    assert body["area"] == "210204" and body["level"] == "county" and body["drill"] is True
    assert body["months"][0] == "2025-05" and body["months"][-1] == "2026-04" and len(body["months"]) == 12
    assert body["programs"], body
    for i, month in enumerate(add_months(D(2025, 5, 1), n) for n in range(12)):
        whole = statistics(areas.county, month).total
        assert body["new"][i] == whole.new and body["stopped"][i] == whole.stopped
        assert Decimal(body["amount"][i]) == whole.amount
        for series in body["programs"]:
            one = statistics(areas.county, month, program=series["program"]).total
            assert series["households"][i] == one.households
            assert series["persons"][i] == one.persons
            assert Decimal(series["amount"][i]) == one.amount
    assert body["new"][-3:] == [2, 1, 0] and body["stopped"][-3:] == [0, 0, 1]
    month = D(2026, 4, 1)
    for key, by in (("benefit_classes", "benefit_class"), ("categories", "category")):
        rows = statistics(areas.county, month, by=by).rows
        assert [r[by] for r in body[key]] == [r.keys[0].as_json()[by] for r in rows]
        assert [r["households"] for r in body[key]] == [r.figures.households for r in rows]
        assert [r["amount"] for r in body[key]] == [f"{r.figures.amount:.2f}" for r in rows]
    streets = {r["area"]: (r["households"], r["stopped"]) for r in body["areas"]}
    assert streets["210204001000"] == (2, 0) and streets["210204002000"] == (0, 1)
    assert len(streets) > 2  # every street, with nothing on the books or not


def test_a_street_sees_its_communities_and_nothing_outside(areas, users, books):
    client = api_as(users.street)
    body = client.get(API, {"month": "2026-03"}).json()
    assert body["area"] == "210204001000" and body["drill"] is False
    assert [(r["area"], r["households"]) for r in body["areas"]][:2] == [
        ("210204001001", 1),
        ("210204001002", 1),
    ]
    for other in ("210204", "210204002000", "210204002001"):
        assert client.get(API, {"month": "2026-03", "area": other}).status_code == 404
    assert api_as(users.county).get(API, {"area": "210204002000", "month": "2026-03"}).status_code == 200
    community = api_as(users.haizhou).get(API, {"month": "2026-03"}).json()
    assert community["areas"] == [] and community["programs"][0]["households"][-1] == 1
    assert api_as(users.admin).get(API).status_code == 403
    wrong = client.get(API, {"month": "2026-13"})
    assert wrong.status_code == 400 and "month" in wrong.json()["errors"]


def _queries(users) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as seen:
        assert api_as(users.county).get(API, {"month": "2026-04"}).status_code == 200
    return len(seen.captured_queries)


def test_the_dashboards_queries_do_not_grow_with_the_households(areas, users, books):
    few = _queries(users)
    for community in (areas.haizhou, areas.haiyue, areas.liubeiqiao):
        for n in range(3):
            granted(community, users.county, str(200 + n), 1 + n, "ABC"[n], FEB)
    assert _queries(users) == few
    # A fixed number: each of the engine's passes also asks once which of its months are
    # snapshotted (none here), whatever the county's size.
    assert few <= 85, few


def test_snapshotted_months_are_read_in_a_few_queries_with_the_same_figures(areas, users, books):
    """With its twelve months closed, the dashboard reads their snapshots: a small fixed number of
    queries (which months are snapshotted; two for each of its four counts; the names), and the
    figures it gave from the ledger."""
    from dibao.statistics.services import snapshot_write

    from_ledger = api_as(users.county).get(API, {"month": "2026-04"}).json()
    for n in range(12):
        snapshot_write(county=areas.county, month=add_months(D(2025, 5, 1), n), actor=users.county)
    few = _queries(users)
    assert api_as(users.county).get(API, {"month": "2026-04"}).json() == from_ledger
    for community in (areas.haizhou, areas.haiyue, areas.liubeiqiao):
        granted(community, users.county, "300", 2, "B", FEB)
    snapshot_write(county=areas.county, month=D(2026, 4, 1), actor=users.county)
    assert _queries(users) == few
    # The request's own (the session and its user) and the dashboard's: 1 + 4 × 2 + 3 names + 1.
    assert few <= 16, few


def test_the_page_draws_from_the_api(areas, users, books, client):
    client.force_login(users.county)
    answer = client.get(PAGE, {"month": "2026-04"})
    text = answer.content.decode()
    assert answer.status_code == 200
    assert 'id="dashboard-source"' in text and "dibao/vendor/echarts.min.js" in text
    assert 'data-api="/api/v1/statistics/dashboard/"' in text and 'id="chart-areas"' in text
    assert "<details" in text
    client.force_login(users.street)
    assert client.get(PAGE, {"area": "210204002000"}).status_code == 404
    assert client.get(PAGE).status_code == 200


def test_the_areas_below_are_the_engines_with_zeros_for_the_rest(areas, users, books):
    body = api_as(users.county).get(API, {"month": "2026-03"}).json()
    engine = {r.keys[0].code: r.figures for r in statistics(areas.county, D(2026, 3, 1), by="area").rows}
    for row in body["areas"]:
        figures = engine.get(row["area"])
        assert row["households"] == (figures.households if figures else 0)
        assert row["stopped"] == (figures.stopped if figures else 0)
    assert {r["area"] for r in body["areas"]} >= set(engine)
