"""The county's dashboard in a real browser: every chart is drawn by ECharts, each series holds
the dashboard API's figures, a street's bar opens the street's dashboard, and the page fits a
390-px phone."""

from collections.abc import Iterator
from typing import Any

import pytest

from dibao.benefits.models import MovementKind

from ..statistics.support import FEB, MAR, D, granted, stop
from .test_application_flow import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)

CHARTS = ("households", "persons", "amount", "flows", "classes", "categories", "areas")
MONTH = "2026-04"


@pytest.fixture
def county(live_server: Any, browser: Any, areas: Any, users: Any) -> Iterator[Any]:
    actor = users.county
    granted(areas.haizhou, actor, "500", 2, "A", FEB)
    granted(areas.haiyue, actor, "300", 1, "B", MAR)
    h = granted(areas.liubeiqiao, actor, "260", 1, "", FEB, urban_rural="rural")
    stop(h, MovementKind.TERMINATE, D(2026, 3, 10), "death", actor)
    actor.set_password(PASSWORD)
    actor.save()
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "c_county")
    yield page
    # Whatever the page still fetches is answered before the test's database is flushed.
    page.wait_for_load_state("networkidle")
    context.close()


def _series(page: Any, chart: str) -> list[dict[str, Any]]:
    return page.evaluate(
        """id => echarts.getInstanceByDom(document.getElementById(id)).getOption().series
             .map(s => ({name: s.name, data: s.data.map(Number)}))""",
        f"chart-{chart}",
    )


def _api(page: Any, base: str, area: str) -> dict[str, Any]:
    return page.evaluate(
        "url => fetch(url, {headers: {Accept: 'application/json'}}).then(r => r.json())",
        f"{base}/api/v1/statistics/dashboard/?area={area}&month={MONTH}",
    )


def test_the_charts_hold_the_apis_figures_and_a_street_opens_its_own(county: Any, live_server: Any) -> None:
    page = county
    page.goto(f"{live_server.url}/statistics/dashboard/?month={MONTH}")
    page.wait_for_selector("#dashboard[data-drawn='1']")
    for chart in CHARTS:
        assert page.locator(f"#chart-{chart} canvas").count() >= 1, chart
    api = _api(page, live_server.url, "210204")
    assert _series(page, "households") == [
        {"name": p["program_name"], "data": p["households"]} for p in api["programs"]
    ]
    assert _series(page, "persons") == [
        {"name": p["program_name"], "data": p["persons"]} for p in api["programs"]
    ]
    assert _series(page, "amount") == [
        {"name": p["program_name"], "data": [float(a) for a in p["amount"]]} for p in api["programs"]
    ]
    assert [s["data"] for s in _series(page, "flows")] == [api["new"], api["stopped"]]
    assert _series(page, "classes")[0]["data"] == [r["households"] for r in api["benefit_classes"]]
    assert _series(page, "categories")[0]["data"] == [r["households"] for r in api["categories"]]
    assert _series(page, "areas")[0]["data"] == [r["households"] for r in api["areas"]]
    assert sum(api["programs"][0]["households"]) > 0 and api["stopped"][-1] == 1
    # The same figures are in a table under each chart.
    assert page.locator("#box-flows table tbody tr").count() == 12
    # The page fits the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    rights = page.eval_on_selector_all(
        "main .dashboard-chart", "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= 390
    # A street's row (the chart's bar does the same) opens the street's dashboard, its communities.
    with page.expect_navigation():
        page.locator("#box-areas table a", has_text="星海湾街道").click()
    assert "area=210204001000" in page.url
    # The street's dashboard fetches its figures as it opens: the test ends only once they are in,
    # or the database's flush after it would race a request still being answered.
    page.wait_for_selector("#dashboard[data-drawn='1']")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#dashboard[data-drawn='1']")
    street = _api(page, live_server.url, "210204001000")
    assert _series(page, "areas")[0]["data"] == [r["households"] for r in street["areas"]]
    assert [r["area_name"] for r in street["areas"]][:2] == ["海州社区", "海月社区"]


def test_a_click_on_a_streets_bar_opens_its_dashboard(county: Any, live_server: Any) -> None:
    page = county
    page.goto(f"{live_server.url}/statistics/dashboard/?month={MONTH}")
    page.wait_for_selector("#dashboard[data-drawn='1']")
    # ECharts' own click event on the first street's bar, as a tap would send it.
    with page.expect_navigation():
        page.evaluate(
            """() => echarts.getInstanceByDom(document.getElementById('chart-areas'))
                 .trigger('click', {componentType: 'series', seriesIndex: 0, dataIndex: 0})"""
        )
    assert "area=210204001000" in page.url
