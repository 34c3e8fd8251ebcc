"""The change report (变更情况): figures that add up, per community, per class and in total, equal
to what the books hold; the period's bounds; scoping; the page, the xlsx, the command, the API."""

import datetime
import io
import json
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from dibao.benefits.models import Movement, MovementKind
from dibao.benefits.services import (
    Grant,
    entitlement_grant,
    entitlement_resume,
    entitlement_stop,
    entitlements_bulk_grant,
    gradual_exit_start,
    gradual_exits_finish,
    recalculation_confirm,
    standard_change,
)
from dibao.core.downloads import content_disposition
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import Job
from dibao.core.scoping import CONSOLE
from dibao.policy.services import standard_set
from dibao.registry.models import Household
from dibao.registry.services import household_status_record
from dibao.reviews.api import ChangeReportView
from dibao.reviews.report.figures import CLASSES, KINDS, ChangeReport, Figures, Stock
from dibao.reviews.report.forms import default_period
from dibao.reviews.report.selectors import change_report, report_area
from dibao.reviews.report.workbook import change_report_xlsx
from tests.benefits.support import receiving
from tests.factories import make_household
from tests.jobs_support import api_download, content, page_download

# The API view is not registered in config/api_urls.py yet: these tests mount it themselves.
API = "/api/v1/reviews/change-report/"
urlpatterns = [
    path(API.lstrip("/"), ChangeReportView.as_view(), name="api-change-report"),
    path("", include("dibao.config.urls")),
]

D = datetime.date
FEB, MAR, APR = D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)
PERIOD = (D(2026, 2, 6), D(2026, 3, 5))
NEXT = (D(2026, 3, 6), D(2026, 4, 5))
ZERO = Decimal("0.00")
PAGE = "/reviews/changes/"
XLSX_PAGE = "/reviews/changes/xlsx/"


@pytest.fixture
def on(monkeypatch):  # type: ignore[no-untyped-def]
    """`on(day)`: from now on the services' "today" (`timezone.localdate()`) is `day`."""
    real = timezone.localdate

    def _on(day: datetime.date) -> None:
        def fake(value: Any = None, timezone: Any = None) -> datetime.date:
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", fake)

    return _on


def grant(household: Household, amount: str, persons: int, cls: str, month: datetime.date, actor: Any):  # type: ignore[no-untyped-def]
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=persons, urban_rural="urban", benefit_class=cls),
        month_from=month,
        reason="review",
        actor=actor,
    )


def granted(
    community: Any, actor: Any, amount: str, persons: int, cls: str, month: datetime.date, **head: Any
):  # type: ignore[no-untyped-def]
    household = make_household(community, actor, head=head or None)
    household_status_record(household=household, status="receiving", actor=actor)
    entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=persons, urban_rural="urban", benefit_class=cls),
        month_from=month,
        reason="approval",
        actor=actor,
    )
    return household


def stop(household: Household, kind: str, day: datetime.date, why: str, actor: Any) -> Movement:
    return entitlement_stop(
        household=household, kind=kind, on=day, stop_reason=why, month_pay="full", actor=actor
    )


ALWAYS = datetime.date(2100, 1, 1)


def books(day: datetime.date = ALWAYS) -> dict[tuple[str, str], Stock]:
    """What the books hold at the end of `day`, by community and class, read from each household's
    last change taking effect by then (not summed, as the report does): none after a termination;
    a suspended household with its persons and no money; anyone else as the change left them."""
    found: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, 0, ZERO])
    last: dict[int, Movement] = {}
    for movement in (
        Movement.objects.filter(month__lte=day).select_related("community").order_by("month", "id")
    ):
        last[movement.household_id] = movement
    for movement in last.values():
        if movement.kind == MovementKind.TERMINATE:
            continue
        cell = found[(movement.community.code, movement.class_after)]
        cell[0] += 1
        cell[1] += movement.persons_after
        cell[2] += movement.amount_after
    return {key: Stock(*value) for key, value in found.items()}


def summed(stocks: dict[tuple[str, str], Stock], keep: Any) -> Stock:
    chosen = [stock for key, stock in stocks.items() if keep(key)]
    return Stock(
        sum(s.households for s in chosen),
        sum(s.persons for s in chosen),
        sum((s.amount for s in chosen), ZERO),
    )


@pytest.fixture
def ledger(areas, users, on):  # type: ignore[no-untyped-def]
    """Households entering, changing and leaving before, during and after PERIOD, through the
    services, with what the books held at the period's start and end."""
    actor = users.county
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )
    h = SimpleNamespace()
    # Before the period.
    on(D(2026, 1, 10))
    h.h1 = receiving(areas.haizhou, actor, head={"name": "王一"}).household  # 260, 1 person, no class
    h.h2 = granted(areas.haizhou, actor, "500", 2, "A", FEB, name="王二")
    h.h3 = granted(areas.haiyue, actor, "300", 1, "B", FEB, name="王三")
    h.h4 = granted(areas.liubeiqiao, actor, "260", 1, "", FEB, name="王四")
    h.h5 = granted(areas.haizhou, actor, "400", 3, "B", FEB, name="王五")
    on(D(2026, 1, 15))
    migrated = [make_household(areas.haiyue, actor) for _ in range(2)]
    for household in migrated:
        household_status_record(household=household, status="receiving", actor=actor)
    entitlements_bulk_grant(
        grants=[
            (m, Grant(amount=Decimal("200.00"), persons=1, urban_rural="urban", benefit_class="C"))
            for m in migrated
        ],
        month_from=FEB,
        reason="migration",
        actor=actor,
    )
    on(D(2026, 2, 1))
    stop(h.h5, MovementKind.SUSPEND, D(2026, 2, 1), "verification", actor)
    on(PERIOD[0] - datetime.timedelta(days=1))  # the day before: still the opening's
    h.h1_raised_early = grant(h.h1, "270", 1, "", MAR, actor)

    # In the period.
    on(PERIOD[0])  # its first day: the period's
    grant(h.h1, "300", 1, "", MAR, actor)  # raised
    on(D(2026, 2, 12))
    grant(h.h2, "450", 2, "B", MAR, actor)  # lowered, and from class A to B
    on(D(2026, 2, 15))
    stop(h.h3, MovementKind.TERMINATE, D(2026, 2, 15), "death", actor)
    on(D(2026, 2, 20))
    entitlement_resume(
        household=h.h5,
        on=D(2026, 2, 20),
        grant=Grant(amount=Decimal("400.00"), persons=3, urban_rural="urban", benefit_class="B"),
        month_pay="full",
        back_pay=False,
        actor=actor,
    )
    on(D(2026, 2, 25))
    h.h6 = granted(areas.haizhou, actor, "600", 2, "A", MAR, name="王六")
    on(D(2026, 3, 1))
    gradual_exit_start(household=h.h4, first_month=MAR, months=1, stop_reason="employed", actor=actor)
    on(D(2026, 3, 2))
    h.h7 = granted(areas.liubeiqiao, actor, "360", 1, "C", MAR, name="王七")
    on(D(2026, 3, 3))
    stop(h.h7, MovementKind.SUSPEND, D(2026, 3, 3), "verification", actor)
    on(PERIOD[1])  # its last day: still the period's
    _standard, batch = standard_change(
        area=areas.county, data={"kind": "urban", "amount": "400", "valid_from": "2026-04"}, actor=actor
    )
    assert batch is not None
    recalculation_confirm(recalculation=batch, actor=actor)

    # After the period.
    on(D(2026, 3, 10))
    stop(h.h6, MovementKind.TERMINATE, D(2026, 3, 10), "moved_away", actor)
    return SimpleNamespace(
        households=h,
        opening=books(PERIOD[0] - datetime.timedelta(days=1)),
        closing=books(PERIOD[1]),
        later=books(NEXT[1]),
        batch=batch,
    )


def report_of(area: Any, period: tuple[datetime.date, datetime.date] = PERIOD, **kwargs: Any) -> ChangeReport:
    return change_report(area, *period, **kwargs)


def assert_balances(figures: Figures, by_class: bool = False) -> None:
    households = figures.opening.households + figures.new.households - figures.terminated.households
    if by_class:
        households += figures.reclassified
    else:
        assert figures.reclassified == 0
    assert households == figures.closing.households
    assert figures.opening.persons + sum(f.persons for f in figures.flows.values()) == figures.closing.persons
    assert figures.opening.amount + sum(f.amount for f in figures.flows.values()) == figures.closing.amount
    assert figures.balances()


# The figures ---------------------------------------------------------------------------------


def test_the_figures_add_up_everywhere(areas, ledger):
    report = report_of(areas.county)
    assert report.balances()
    assert_balances(report.total)
    for row in report.communities:
        assert_balances(row.figures)
        for class_row in row.classes:
            assert_balances(class_row.figures, by_class=True)
    for class_row in report.classes:
        assert_balances(class_row.figures, by_class=True)
    assert sum(row.figures.reclassified for row in report.classes) == 0


def test_opening_and_closing_are_what_the_books_held(areas, ledger):
    report = report_of(areas.county)
    assert report.total.opening == summed(ledger.opening, lambda key: True)
    assert report.total.closing == summed(ledger.closing, lambda key: True)
    for row in report.communities:
        code = row.community.code
        assert row.figures.opening == summed(ledger.opening, lambda key, code=code: key[0] == code), code
        assert row.figures.closing == summed(ledger.closing, lambda key, code=code: key[0] == code), code
    for class_row in report.classes:
        value = class_row.value
        assert class_row.figures.opening == summed(ledger.opening, lambda key, v=value: key[1] == v), value
        assert class_row.figures.closing == summed(ledger.closing, lambda key, v=value: key[1] == v), value
    for row in report.communities:
        for class_row in row.classes:
            key = (row.community.code, class_row.value)
            empty = Stock(0, 0, ZERO)
            assert class_row.figures.closing == ledger.closing.get(key, empty), key


def test_the_period_counts_what_takes_effect_in_it(areas, ledger):
    total = report_of(areas.county).total  # the period holds one first of a month: March's
    assert total.new.households == 2  # h6, h7
    assert total.terminated.households == 1  # h3; h6 and h4 end after the period
    assert total.terminated.persons == -1 and total.terminated.amount == Decimal("-300.00")
    # h5's suspension, decided on 1 February (its month paid in full), takes effect in March: it
    # is the period's; h7's, decided in it, takes effect in April: it is not.
    assert total.suspended.households == 1
    assert total.suspended.amount == Decimal("-400.00") and total.suspended.persons == 0
    assert total.resumed.households == 1 and total.resumed.amount == Decimal("400.00")
    assert total.gradual_exits.households == 0  # h4's exit stops its money in April
    in_period = Movement.objects.filter(month__range=PERIOD)
    assert total.movements == in_period.count()
    for kind in KINDS:
        assert total.flows[kind].households == in_period.filter(kind=kind).count(), kind
    # Both raises of h1 take effect in March, the one decided the day before the period too.
    assert total.raised.households == 2
    assert Movement.objects.filter(recorded_on=PERIOD[0] - datetime.timedelta(days=1), month=MAR).count() == 1


def test_a_class_change_moves_the_household_between_classes(areas, ledger):
    lowered = Movement.objects.get(household=ledger.households.h2, kind=MovementKind.LOWER, reason="review")
    assert (lowered.recorded_on, lowered.class_before, lowered.class_after) == (D(2026, 2, 12), "A", "B")
    report = report_of(areas.haizhou, (MAR, MAR))  # the month it takes effect
    by_class = {row.value: row.figures for row in report.classes}
    a, b = by_class["A"], by_class["B"]
    assert (a.reclassified, b.reclassified, report.total.reclassified) == (-1, 1, 0)
    assert a.new.households == 1  # h6, new in class A
    assert (a.opening.households - 1 + 1, b.opening.households + 1) == (
        a.closing.households,
        b.closing.households,
    )
    assert a.lowered.households == 0 and b.lowered.households == 1  # counted in its class after
    assert (a.lowered.amount, b.lowered.amount) == (Decimal("-500.00"), Decimal("450.00"))
    assert (a.lowered.persons, b.lowered.persons) == (-2, 2)
    assert report.total.lowered.amount == Decimal("-50.00")
    assert report.balances()


def test_the_next_period_opens_where_this_one_closed(areas, ledger):
    first, second = report_of(areas.county), report_of(areas.county, NEXT)
    assert second.total.opening == first.total.closing
    for a, b in zip(first.communities, second.communities, strict=True):
        assert b.figures.opening == a.figures.closing
    for a, b in zip(first.classes, second.classes, strict=True):
        assert b.figures.opening == a.figures.closing
    assert second.total.terminated.households == 1  # h6 moved away
    assert second.total.closing == summed(ledger.later, lambda key: True)
    assert second.balances()


def test_the_end_of_a_gradual_exit_is_a_termination_for_its_reason(areas, users, ledger, on):
    on(D(2026, 4, 2))
    assert gradual_exits_finish(today=D(2026, 4, 2), actor=users.county) == 1  # h4's month has passed
    report = report_of(areas.county, NEXT)
    assert report.total.terminated.households == 2  # h6 moved away; h4's gradual exit ended
    assert report.total.closing == summed(books(NEXT[1]), lambda key: True)
    assert report.balances()
    reasons = {row.value: row for row in report.reasons}
    assert reasons["moved_away"].terminated == 1 and reasons["employed"].terminated == 1
    assert reasons["employed"].terminated_amount == Decimal("260.00")


def test_a_period_before_anything_happened_is_all_zeros(areas, ledger):
    report = report_of(areas.county, (D(2025, 1, 1), D(2025, 12, 31)))
    assert report.total.closing == Stock(0, 0, ZERO) and report.total.movements == 0
    assert report.movements == [] and report.reasons == []


def test_stops_by_reason(areas, ledger):
    reasons = {row.value: row for row in report_of(areas.county).reasons}
    assert set(reasons) == {"death", "verification"}
    assert (reasons["death"].terminated, reasons["death"].terminated_persons) == (1, 1)
    assert reasons["death"].terminated_amount == Decimal("300.00")
    assert reasons["verification"].suspended == 1 and reasons["verification"].terminated == 0
    with translation.override("en"):
        assert str(reasons["death"].label) == "Death"
    later = {row.value: row for row in report_of(areas.county, NEXT).reasons}
    assert set(later) == {"moved_away", "employed", "verification"}
    assert later["moved_away"].terminated == 1 and later["employed"].gradual_exits == 1
    assert later["verification"].suspended == 1  # h7's, decided on 3 March


def test_the_list_of_changes(areas, ledger):
    report = report_of(areas.county)
    assert report.movements is not None and len(report.movements) == report.movement_count
    assert all(PERIOD[0] <= m.month <= PERIOD[1] for m in report.movements)
    codes = [m.community_code for m in report.movements]
    assert codes == sorted(codes)
    death = next(m for m in report.movements if m.stop_reason == "death")
    assert (death.head, death.kind, death.persons_before, death.persons_after) == ("王三", "terminate", 1, 0)
    assert (death.amount_before, death.amount_after) == (Decimal("300.00"), ZERO)
    assert death.number == ledger.households.h3.number and death.class_before == "B"


def test_a_street_or_a_community_counts_only_its_own(areas, ledger):
    county, street, community = (report_of(a) for a in (areas.county, areas.xinghaiwan, areas.haizhou))
    shown = [r.community.code for r in street.communities]
    assert "210204001001" in shown and "210204001002" in shown
    assert all(code.startswith("210204001") for code in shown)
    assert [r.community.code for r in community.communities] == ["210204001001"]
    assert {m.community_code for m in street.movements or []} <= {"210204001001", "210204001002"}
    by_code = {row.community.code: row.figures for row in county.communities}
    assert community.total == by_code["210204001001"]
    haiyue = by_code["210204001002"]
    assert (
        street.total.closing.households
        == by_code["210204001001"].closing.households + haiyue.closing.households
    )


def test_the_period_must_not_end_before_it_begins(areas):
    with pytest.raises(DomainError):
        change_report(areas.county, D(2026, 3, 5), D(2026, 2, 6))


def test_who_reads_which_area(areas, users):
    assert report_area(users.haizhou, "210204001001") == areas.haizhou
    assert report_area(users.street, "210204001002") == areas.haiyue
    assert report_area(users.auditor, "210204") == areas.county
    assert report_area(CONSOLE, "210204002001") == areas.liubeiqiao  # the console's operator
    with pytest.raises(NotFound):
        report_area(users.haizhou, "210204001002")
    with pytest.raises(NotFound):
        report_area(users.street, "210204002001")
    with pytest.raises(Forbidden):
        report_area(users.admin, "210204")


def test_the_default_period_is_what_a_community_reports_on_the_5th():
    assert default_period(D(2026, 3, 20)) == (D(2026, 2, 6), D(2026, 3, 5))
    assert default_period(D(2026, 1, 3)) == (D(2025, 12, 6), D(2026, 1, 5))


# A bounded number of queries ---------------------------------------------------------------


def many(areas, users, on, n: int) -> None:  # type: ignore[no-untyped-def]
    actor = users.county
    on(D(2026, 1, 10))
    households = [make_household(areas.haizhou if i % 2 else areas.haiyue, actor) for i in range(n)]
    for household in households:
        household_status_record(household=household, status="receiving", actor=actor)
    entitlements_bulk_grant(
        grants=[
            (h, Grant(amount=Decimal("123.45"), persons=2, urban_rural="urban", benefit_class="AB"[i % 2]))
            for i, h in enumerate(households)
        ],
        month_from=FEB,
        reason="migration",
        actor=actor,
    )
    on(D(2026, 2, 10))
    for household in households[::3]:
        stop(household, MovementKind.TERMINATE, D(2026, 2, 10), "death", actor)
    for household in households[1::3]:
        grant(household, "150.10", 2, "C", MAR, actor)


def test_the_report_is_five_queries_whatever_the_number_of_movements(areas, users, on):
    counted = []
    for n in (3, 12):
        many(areas, users, on, n)
        with CaptureQueriesContext(connection) as queries:
            report = report_of(areas.county)
        counted.append(len(queries.captured_queries))
        assert report.balances()
    assert counted[0] == counted[1] <= 5
    assert report.total.closing == summed(books(PERIOD[1]), lambda key: True)
    assert report.total.closing.households == 10  # 15 households, 5 terminated


def test_the_page_and_the_xlsx_do_not_grow_with_the_ledger(
    areas, users, on, login, django_assert_max_num_queries
):
    client = login(users.county)
    query = {"area": "210204", "from": "2026-02-06", "to": "2026-03-05"}
    counted = []
    for n in (3, 12):
        many(areas, users, on, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE, query).status_code == 200
        counted.append((PAGE, len(queries.captured_queries)))
        # The workbook is a job (run at once here): starting it, writing it, keeping its file.
        with CaptureQueriesContext(connection) as queries:
            assert client.post(XLSX_PAGE, query).status_code == 302
        counted.append((XLSX_PAGE, len(queries.captured_queries)))
    assert counted[:2] == counted[2:]
    with django_assert_max_num_queries(13):  # 12, and the changes already decided for later
        client.get(PAGE, query)


# The page ------------------------------------------------------------------------------------


def english(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_page_in_chinese_and_in_english(areas, users, ledger, login):
    client = login(users.street)
    query = {"from": "2026-02-06", "to": "2026-03-05"}
    response = client.get(PAGE, query)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'lang="zh-hans"' in text and "合计" in text and "人数" in text
    report = response.context["report"]
    assert report.area == areas.xinghaiwan  # the street's own area by default
    assert f'<td class="num">{report.total.closing.amount}</td>' in text
    assert "王二" in text and "海州" in text
    response = english(client).get(PAGE, query)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Benefit changes" in text and "Terminations by reason" in text
    assert response.context["report"].total == report.total


def test_the_page_defaults_to_the_users_area_and_the_reporting_period(users, login, areas):
    response = login(users.haizhou).get(PAGE)
    assert response.status_code == 200
    form = response.context["form"]
    date_from, date_to = default_period()
    assert (form.cleaned_data["from"], form.cleaned_data["to"]) == (date_from, date_to)
    assert response.context["report"].area == areas.haizhou


def test_wrong_dates_are_shown_beside_the_inputs(users, login):
    client = english(login(users.county))
    response = client.get(PAGE, {"from": "2026-03-05", "to": "2026-02-06"})
    assert response.status_code == 200 and response.context["report"] is None
    assert "The period cannot end before it begins." in response.content.decode()
    response = client.get(PAGE, {"from": "March"})
    assert response.context["report"] is None and response.context["form"].errors["from"]
    response = client.post(XLSX_PAGE, {"from": "2026-03-05", "to": "2026-02-06"})
    assert response.status_code == 302 and response["Location"].startswith(PAGE)
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("who", "code"),
    [("haizhou", "210204001002"), ("haizhou", "210204"), ("street", "210204002001"), ("street", "210204")],
)
def test_another_area_is_not_found(users, login, who, code):
    client = login(getattr(users, who))
    assert client.get(PAGE, {"area": code}).status_code == 404
    assert client.post(XLSX_PAGE, {"area": code}).status_code == 404
    assert client.get(XLSX_PAGE, {"area": code}).status_code == 405  # a job is started by a POST


def test_administrators_may_not_read_it(users, login):
    assert login(users.admin).get(PAGE).status_code == 403


def test_a_street_sees_its_communities_only(areas, users, ledger, login):
    response = login(users.street).get(PAGE, {"from": "2026-02-06", "to": "2026-03-05"})
    shown = [row.community.code for row in response.context["report"].communities]
    assert "210204001001" in shown and all(code.startswith("210204001") for code in shown)
    assert "王七" not in response.content.decode()  # 柳背桥's


# The workbook --------------------------------------------------------------------------------


def sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_the_xlsx_says_what_the_page_says(areas, users, ledger, login):
    client = login(users.county)
    started = client.post(XLSX_PAGE, {"area": "210204", "from": "2026-02-06", "to": "2026-03-05"})
    response = page_download(client, started)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    named = "低保变更情况-沙河口区-2026年02月至2026年03月.xlsx"
    assert response["Content-Disposition"] == content_disposition(named)
    page = login(users.county).get(PAGE, {"area": "210204", "from": "2026-02-06", "to": "2026-03-05"})
    report = page.context["report"]
    summary, changes, reasons, later = sheets(content(response)).values()
    assert "2026-02-06" in summary[1][0] and "2026-03-05" in summary[1][0]
    total = next(row for row in summary if row[0] == "合计")
    t = report.total
    expected = [t.opening.households, t.opening.persons, t.opening.amount]
    for kind in KINDS:
        expected += [t.flows[kind].households, t.flows[kind].persons, t.flows[kind].amount]
    expected += [t.reclassified, t.closing.households, t.closing.persons, t.closing.amount]
    assert [money(v) for v in total[3:]] == [money(v) for v in expected]
    # The community and class rows add up to the total row, column by column.
    body = summary[5 : summary.index(total)]
    for col in range(3, len(total)):
        assert sum(money(row[col]) for row in body) == money(total[col]), col
    # Every change of the period, dates as text.
    listed = changes[4:]
    assert len(listed) == report.movement_count
    # Decided by the period's end, taking effect in April: h4's gradual exit, h7's suspension and
    # the new standard's raises.
    assert {row[6] for row in later[4:]} == {"2026-04"} and len(later[4:]) == page.context["later_count"]
    assert all(
        row[6] == "2026-03"
        for row in listed  # the month each takes effect
    )
    assert any(row[3] == "王三" for row in listed)
    # The reasons' total is the terminations'.
    assert reasons[-3][0] == "合计" and reasons[-3][1] == t.terminated.households


def test_the_xlsx_headers_follow_the_language(areas, ledger):
    report = report_of(areas.haizhou)
    with translation.override("en"):
        english_sheets = sheets(change_report_xlsx(report))
    with translation.override("zh-hans"):
        chinese_sheets = sheets(change_report_xlsx(report))
    assert english_sheets["Summary"][3][1] == "Community"
    assert "Persons" in english_sheets["Summary"][4]
    chinese_summary = next(iter(chinese_sheets.values()))
    assert chinese_summary[3][1] == "社区" and "人数" in chinese_summary[4]


# The command ---------------------------------------------------------------------------------


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("change_report", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_workbook_and_the_totals(areas, ledger, tmp_path):
    out = tmp_path / "changes.xlsx"
    body = json.loads(
        command("--area", "210204", "--from", "2026-02-06", "--to", "2026-03-05", "--out", str(out), "--json")
    )
    report = report_of(areas.county)
    assert body["opening"] == report.total.opening.as_json()
    assert body["closing"] == report.total.closing.as_json()
    assert body["new"]["households"] == 2 and body["terminate"]["households"] == 1
    assert body["balanced"] is True and body["movements"] == report.movement_count
    assert body["file"] == str(out) and out.exists() and not (tmp_path / "changes.xlsx.part").exists()
    assert len(sheets(out.read_bytes())) == 4
    text = command("--area", "210204001001", "--from", "2026-02-06", "--to", "2026-03-05", "--out", str(out))
    assert "changes" in text and str(out) in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-02-30", "--to", "2026-03-05"), "YYYY-MM-DD"),
        (("--from", "6 Feb", "--to", "2026-03-05"), "YYYY-MM-DD"),
        (("--from", "2026-03-06", "--to", "2026-03-05"), "is after"),
    ],
)
def test_the_command_refuses_wrong_dates(areas, args, message):
    with pytest.raises(CommandError, match=message):
        command("--area", "210204", *args, "--json")


def test_the_command_refuses_an_unknown_area_and_another_users_area(areas, users):
    with pytest.raises(CommandError, match="No area"):
        command("--area", "999999", "--from", "2026-02-06", "--to", "2026-03-05", "--json")
    with pytest.raises(CommandError, match="not found"):
        command(
            "--area",
            "210204002001",
            "--from",
            "2026-02-06",
            "--to",
            "2026-03-05",
            "--json",
            "--as",
            "w_haizhou",
        )
    with pytest.raises(CommandError, match="--out"):
        command("--area", "210204", "--from", "2026-02-06", "--to", "2026-03-05")


# The API -------------------------------------------------------------------------------------


pytestmark_api = pytest.mark.urls(__name__)


@pytestmark_api
def test_the_api_answers_the_same_figures(areas, users, ledger, login):
    client = login(users.street)
    response = client.get(API, {"area": "210204001000", "from": "2026-02-06", "to": "2026-03-05"})
    assert response.status_code == 200
    body = response.json()
    report = report_of(areas.xinghaiwan)
    assert body["totals"] == json.loads(json.dumps(report.total.as_json()))
    assert [c["community"] for c in body["communities"]] == [r.community.code for r in report.communities]
    assert all(c["community"].startswith("210204001") for c in body["communities"])
    assert len(body["movements"]) == report.movement_count
    assert {row["benefit_class"] for row in body["classes"]} == set(CLASSES)
    assert body["from"] == "2026-02-06" and body["to"] == "2026-03-05"


@pytestmark_api
def test_the_api_answers_the_workbook(areas, users, ledger, login):
    client = login(users.county)
    started = client.post(API, {"area": "210204", "from": "2026-02-06", "to": "2026-03-05"})
    response = api_download(client, started)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(sheets(content(response))) == 4
    # Another community's worker finds neither the job nor its file.
    other = login(users.liubeiqiao)
    assert other.get(started["Location"]).status_code == 404
    assert other.get(f"{started['Location']}file/").status_code == 404


@pytestmark_api
def test_the_api_refuses_like_the_rest(areas, users, login):
    query = {"area": "210204002001", "from": "2026-02-06", "to": "2026-03-05"}
    assert login(users.street).get(API, query).status_code == 404
    response = login(users.street).post(API, query)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert login(users.admin).get(API, {**query, "area": "210204"}).status_code == 403
    response = login(users.county).get(API, {"area": "210204", "from": "2026-03-05", "to": "2026-02-06"})
    assert response.status_code == 400 and "to" in response.json()["errors"]
    response = login(users.county).get(API, {"area": "210204", "from": "soon"})
    assert response.status_code == 400 and {"from", "to"} <= set(response.json()["errors"])


# Dated by the month it takes effect ------------------------------------------------------------


def test_a_year_closes_on_what_decembers_payroll_pays_and_lists_januarys_suspensions_apart(
    areas, users, on, login
):
    """A suspension decided in December that starts in January is January's: the year's closing
    amount is December's payroll, and the suspension is listed as already decided."""
    from dibao.payroll import services as payroll

    actor = users.county
    on(D(2026, 1, 5))
    paid = [granted(areas.haizhou, actor, "300", 1, "A", FEB, name=f"王{i}") for i in range(3)]
    on(D(2026, 12, 20))
    suspended = stop(paid[0], MovementKind.SUSPEND, D(2026, 12, 20), "verification", actor)
    assert suspended.month == D(2027, 1, 1)  # December is paid in full
    year = report_of(areas.county, (D(2026, 1, 1), D(2026, 12, 31)))
    december = payroll.run_draft(county=areas.county, month=D(2026, 12, 1), actor=None)
    assert year.total.closing.amount == december.total == Decimal("900.00")
    assert year.total.suspended.households == 0
    assert [m.id for m in year.later or []] == [suspended.pk]
    assert year.as_json()["later"][0]["month"] == "2027-01"
    january = report_of(areas.county, (D(2027, 1, 1), D(2027, 1, 31)))
    assert january.total.suspended.households == 1 and january.total.closing.amount == Decimal("600.00")
    assert january.later == []
    page = login(users.county).get(PAGE, {"area": "210204", "from": "2026-01-01", "to": "2026-12-31"})
    assert "已决定，以后月份生效" in page.content.decode() and 'id="decided-later"' in page.content.decode()
