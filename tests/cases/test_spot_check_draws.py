"""Random spot checks anyone can redo: the county draws a share of a program's decisions with a
recorded seed over the decisions in a stable order, keeps the list, records each check against it
and reads the coverage on a page, by `dibao cases-spot-checks` and through the API."""

import datetime
import io
import json
import math
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dibao.cases.models import Application, CaseEvent, SpotCheck, SpotCheckDraw, State
from dibao.cases.selectors import draw_coverage
from dibao.cases.services.spot_check_draws import (
    draw_sample,
    drawn_check_record,
    spot_check_draw,
    spot_check_redraw,
)
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.policy.programs import codes

from ..api_support import API, api_as
from .support import days_ago
from .test_spot_checks import decided_cases

TODAY = datetime.date.today()
THIS_MONTH = TODAY.replace(day=1)
CHECK = {"checked_on": days_ago(1).isoformat(), "checked_by": "区民政局 王科长", "finding": "confirmed"}


@pytest.fixture(autouse=True)
def standards(areas):
    from dibao.policy.services import standard_set

    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "455", "valid_from": "2020-01"}, actor=None
    )


def drawn(draw):
    return list(draw.items.order_by("position").values_list("application_id", flat=True))


def draw_of(areas, users, **options):
    return spot_check_draw(
        county=areas.county,
        program=codes.EXTREME_POVERTY,
        month_from=THIS_MONTH,
        month_to=THIS_MONTH,
        actor=users.county,
        **options,
    )


# ---- the draw itself ---------------------------------------------------------------------------


@given(
    st.lists(st.integers(1, 10**6), min_size=1, max_size=200, unique=True),
    st.decimals(Decimal("0.01"), Decimal("1"), places=2),
    st.integers(0, 2**63 - 1),
)
def test_the_same_seed_always_draws_the_same_list_of_the_share_rounded_up(decisions, share, seed):
    first = draw_sample(sorted(decisions), share, seed)
    assert first == draw_sample(sorted(decisions), share, seed)
    assert len(first) == max(1, math.ceil(len(decisions) * share))
    assert len(set(first)) == len(first) and set(first) <= set(decisions)


def test_a_draw_keeps_its_seed_and_its_list_and_anyone_can_draw_it_again(areas, users):
    decided_cases(areas, users, 10)
    draw = draw_of(areas, users, share="0.3", seed=20261207)
    ids = list(
        Application.objects.filter(program_id=codes.EXTREME_POVERTY)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    import random

    assert drawn(draw) == random.Random(20261207).sample(ids, 3)  # the documented recipe, by hand
    assert (draw.seed, draw.decisions, draw.share) == (20261207, 10, Decimal("0.3000"))
    again = spot_check_redraw(draw=draw)
    assert again.same and not again.decisions_changed
    entry = AuditEntry.objects.get(object_type="cases.spotcheckdraw")
    assert entry.after["seed"] == 20261207 and entry.after["drawn"] == drawn(draw)


def test_a_decision_changed_since_shows_when_drawing_again(areas, users):
    decided_cases(areas, users, 10)
    draw = draw_of(areas, users, share="0.5", seed=7)
    Application.objects.filter(pk=drawn(draw)[0]).update(state=State.WITHDRAWN)
    again = spot_check_redraw(draw=draw)
    assert again.decisions_changed and not again.same


def test_the_share_defaults_to_the_terms_and_the_seed_is_chosen_and_recorded(areas, users):
    decided_cases(areas, users, 7)
    draw = draw_of(areas, users)
    assert draw.share == Decimal("0.3000") and len(drawn(draw)) == 3  # 30% of 7, rounded up
    assert 0 <= draw.seed < 2**63


def test_a_draw_is_refused_in_words_for_nothing_to_draw_or_a_wrong_share(areas, users):
    with pytest.raises(DomainError) as nothing:
        draw_of(areas, users)
    assert "month_to" in nothing.value.errors
    decided_cases(areas, users, 2)
    with pytest.raises(DomainError) as wrong:
        draw_of(areas, users, share="1.5")
    assert "share" in wrong.value.errors
    with pytest.raises(DomainError):
        draw_of(areas, users, seed="abc")
    assert not SpotCheckDraw.objects.exists()


def test_only_the_county_draws(areas, users):
    decided_cases(areas, users, 2)
    with pytest.raises(Forbidden):
        spot_check_draw(
            county=areas.county,
            program=codes.EXTREME_POVERTY,
            month_from=THIS_MONTH,
            month_to=THIS_MONTH,
            actor=users.auditor,
        )
    with pytest.raises(NotFound):
        spot_check_draw(
            county=areas.county,
            program=codes.EXTREME_POVERTY,
            month_from=THIS_MONTH,
            month_to=THIS_MONTH,
            actor=users.street,
        )


# ---- checks and coverage -----------------------------------------------------------------------


def test_each_drawn_decision_is_checked_against_the_draw_and_counted(areas, users):
    decided_cases(areas, users, 10)
    draw = draw_of(areas, users, share="0.3", seed=1)
    first, second, third = (Application.objects.get(pk=pk) for pk in drawn(draw))
    assert draw_coverage(draw).as_json() == {
        "drawn": 3,
        "checked": 0,
        "outstanding": 3,
        "confirmed": 0,
        "not_confirmed": 0,
    }
    check = drawn_check_record(draw=draw, application=first, data=CHECK, actor=users.county)
    assert check.draw == draw
    assert CaseEvent.objects.filter(application=first, action="spot_check").exists()
    drawn_check_record(
        draw=draw,
        application=second,
        data={**CHECK, "finding": "not_confirmed", "note": "家中有出租房屋"},
        actor=users.county,
    )
    coverage = draw_coverage(draw)
    assert (coverage.checked, coverage.outstanding, coverage.confirmed, coverage.not_confirmed) == (
        2,
        1,
        1,
        1,
    )
    with pytest.raises(DomainError) as twice:
        drawn_check_record(draw=draw, application=first, data=CHECK, actor=users.county)
    assert twice.value.code == "exists"
    outside = Application.objects.exclude(pk__in=drawn(draw)).first()
    with pytest.raises(NotFound):
        drawn_check_record(draw=draw, application=outside, data=CHECK, actor=users.county)
    with pytest.raises(DomainError) as wrong:
        drawn_check_record(draw=draw, application=third, data={**CHECK, "finding": ""}, actor=users.county)
    assert "finding" in wrong.value.errors
    assert SpotCheck.objects.count() == 2


# ---- the command, the pages, the API -----------------------------------------------------------


def test_the_command_draws_draws_again_and_reports_coverage(areas, users):
    decided_cases(areas, users, 10)
    out = io.StringIO()
    month = f"{THIS_MONTH:%Y-%m}"
    call_command(
        "cases_spot_checks",
        "--draw",
        "--county=210204",
        f"--program={codes.EXTREME_POVERTY}",
        f"--from={month}",
        f"--to={month}",
        "--share=0.3",
        "--seed=42",
        "--json",
        stdout=out,
    )
    made = json.loads(out.getvalue())
    assert made["seed"] == 42 and len(made["drawn"]) == 3
    out = io.StringIO()
    call_command("cases_spot_checks", f"--redraw={made['draw']}", "--json", stdout=out)
    assert json.loads(out.getvalue())["same"] is True
    out = io.StringIO()
    call_command("cases_spot_checks", f"--coverage={made['draw']}", "--json", stdout=out)
    assert json.loads(out.getvalue())["outstanding"] == 3
    SpotCheckDraw.objects.filter(pk=made["draw"]).update(seed=43)
    with pytest.raises(CommandError, match="another list"):
        call_command("cases_spot_checks", f"--redraw={made['draw']}", stdout=io.StringIO())


def test_the_county_draws_and_records_on_the_pages(areas, users, login, django_assert_max_num_queries):
    decided_cases(areas, users, 10)
    client = login(users.county)
    month = f"{THIS_MONTH:%Y-%m}"
    made = client.post(
        reverse("cases:spot-check-draws"),
        {
            "program": codes.EXTREME_POVERTY,
            "month_from": month,
            "month_to": month,
            "share": "0.3",
            "seed": "5",
        },
    )
    assert made.status_code == 302
    draw = SpotCheckDraw.objects.get()
    assert made["Location"] == reverse("cases:spot-check-draw", args=[draw.pk])
    first = drawn(draw)[0]
    url = reverse("cases:spot-check-draw-check", args=[draw.pk, first])
    prefix = f"check-{first}"
    refused = client.post(url, {f"{prefix}-checked_on": CHECK["checked_on"], f"{prefix}-checked_by": "王"})
    assert refused.status_code == 200 and not SpotCheck.objects.exists()
    done = client.post(
        url,
        {
            f"{prefix}-checked_on": CHECK["checked_on"],
            f"{prefix}-checked_by": "王",
            f"{prefix}-finding": "confirmed",
        },
    )
    assert done.status_code == 302
    with django_assert_max_num_queries(20):
        page = client.get(reverse("cases:spot-check-draw", args=[draw.pk]))
    text = page.content.decode()
    assert 'id="checked">1<' in text and 'id="outstanding">2<' in text and 'id="seed">5<' in text
    listing = client.get(reverse("cases:spot-check-draws")).content.decode()
    assert reverse("cases:spot-check-draw", args=[draw.pk]) in listing
    # The auditor reads, and may not draw.
    auditor = login(users.auditor)
    assert auditor.get(reverse("cases:spot-check-draw", args=[draw.pk])).status_code == 200
    assert auditor.post(reverse("cases:spot-check-draws"), {}).status_code == 403
    assert login(users.street).get(reverse("cases:spot-check-draws")).status_code == 403


def test_the_api_draws_reads_coverage_records_and_draws_again(areas, users):
    decided_cases(areas, users, 10)
    county = api_as(users.county)
    month = f"{THIS_MONTH:%Y-%m}"
    made = county.post(
        f"{API}/spot-check-draws/",
        {"program": codes.EXTREME_POVERTY, "month_from": month, "month_to": month, "share": "0.3", "seed": 9},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["seed"] == "9" and body["coverage"]["outstanding"] == 3
    pk, first = body["id"], body["drawn"][0]
    checked = county.post(f"{API}/spot-check-draws/{pk}/checks/", {"application": first, **CHECK})
    assert checked.status_code == 201, checked.content
    assert county.get(f"{API}/spot-check-draws/{pk}/").json()["coverage"]["checked"] == 1
    assert county.get(f"{API}/spot-check-draws/{pk}/redraw/").json()["same"] is True
    assert api_as(users.auditor).post(f"{API}/spot-check-draws/", {}).status_code == 403
    assert api_as(users.haizhou).get(f"{API}/spot-check-draws/{pk}/").status_code in (403, 404)
