"""临时救助: help first with its paperwork due after, who decides which amount, repeat help flagged,
a person not on the register, in kind — decided through an application, granted once."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from dibao.assistance.models import GrantForm, OneOffGrant
from dibao.assistance.services.temporary import temporary_apply, temporary_help_first
from dibao.cases import services
from dibao.cases.models import Kind, State
from dibao.cases.selectors import due_cases
from dibao.core.errors import DomainError
from dibao.policy.services import standard_set
from dibao.workdays.calendar import add_working_days
from tests.cases.support import days_ago
from tests.factories import id_number, make_household


@pytest.fixture(autouse=True)
def standards(areas):  # type: ignore[no-untyped-def]
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2020-01"}, actor=None
        )


def emergency(areas, users, **data):  # type: ignore[no-untyped-def]
    household = make_household(areas.haizhou, users.haizhou)
    return temporary_apply(
        community=areas.haizhou,
        data={"household": household.pk, "kind": "emergency", "reason": "房屋失火", **data},
        actor=users.haizhou,
    )


def accepted(app, worker):  # type: ignore[no-untyped-def]
    services.transition(application=app, step="submit", actor=worker)
    for kind in ("application_form", "id_cards"):
        services.material_add(application=app, kind=kind, seen_on_paper=True, actor=worker)
    services.transition(application=app, step="accept", actor=worker)
    app.refresh_from_db()
    return app


def test_worked_example_help_first_two_months_by_the_street_then_paperwork_overdue(areas, users):
    app = emergency(areas, users)
    grant = temporary_help_first(
        application=app, data={"category": "fire", "level": "1", "reason": "房屋失火"}, actor=users.street
    )
    # Two months of the 360 元 urban standard, decided by the street at once.
    assert (grant.amount, grant.months, grant.help_first, grant.form) == (
        Decimal("720.00"),
        Decimal("2.00"),
        True,
        GrantForm.CASH,
    )
    app.refresh_from_db()
    due = add_working_days(grant.decided_on, 5)
    assert (app.kind, app.due_on) == (Kind.FAST_TRACK, due)
    # Accepting keeps the help-first paperwork's date.
    app = accepted(app, users.haizhou)
    assert app.due_on == due
    before = due_cases(areas.xinghaiwan, today=due, soon=due)
    assert app in before["due_soon"] and app not in before["overdue"]
    after = due_cases(areas.xinghaiwan, today=due + datetime.timedelta(days=1), soon=due)
    assert app in after["overdue"]
    # Confirmed after the investigation: nothing granted twice.
    services.investigation_record(
        application=app,
        data={"visited_on": grant.decided_on.isoformat(), "investigators": "张明, 李华"},
        actor=users.haizhou,
    )
    services.transition(application=app, step="investigate", actor=users.haizhou)
    done = services.transition(application=app, step="approve", actor=users.street)
    assert (done.state, done.amount) == (State.APPROVED, Decimal("720.00"))
    assert OneOffGrant.objects.filter(application=app).count() == 1


def test_the_overdue_paperwork_is_in_the_deadlines_command(areas, users, capsys):
    app = emergency(areas, users)
    temporary_help_first(application=app, data={"category": "fire", "level": "1"}, actor=users.street)
    call_command("cases_due", "--area", areas.xinghaiwan.code)
    assert app.applicant_name in capsys.readouterr().out


def test_help_first_above_its_limit_or_by_a_community_is_refused(areas, users):
    app = emergency(areas, users)
    with pytest.raises(DomainError) as exc:
        temporary_help_first(application=app, data={"category": "fire", "level": "2"}, actor=users.street)
    assert "amount" in exc.value.errors
    with pytest.raises(DomainError):
        temporary_help_first(application=app, data={"category": "fire", "level": "1"}, actor=users.haizhou)
    assert not OneOffGrant.objects.exists()


def test_above_the_street_limit_the_county_decides(areas, users):
    app = accepted(emergency(areas, users), users.haizhou)
    decision = {"assistance_kind": "emergency", "category": "illness", "level": "3", "reason": "突发重病"}
    with pytest.raises(DomainError) as exc:
        services.transition(application=app, step="approve", data=decision, actor=users.street)
    assert exc.value.code == "county_decides" and "amount" in exc.value.errors
    assert not OneOffGrant.objects.exists()
    done = services.transition(application=app, step="approve", data=decision, actor=users.county)
    grant = OneOffGrant.objects.get(application=app)
    assert done.amount == grant.amount == Decimal("2160.00")  # 6 × 360


def test_an_amount_needs_its_reason(areas, users):
    app = accepted(emergency(areas, users), users.haizhou)
    data = {"assistance_kind": "emergency", "category": "accident", "amount": "500"}
    with pytest.raises(DomainError) as exc:
        services.transition(application=app, step="approve", data=data, actor=users.street)
    assert "override_reason" in exc.value.errors
    done = services.transition(
        application=app, step="approve", data={**data, "override_reason": "医药费"}, actor=users.street
    )
    assert done.amount == Decimal("500.00")


def test_repeat_help_within_the_period_is_flagged(areas, users):
    app = accepted(emergency(areas, users), users.haizhou)
    fire = {"assistance_kind": "emergency", "category": "fire", "level": "1", "reason": "失火"}
    with pytest.raises(DomainError) as exc:
        temporary_apply(
            community=areas.haizhou,
            data={"household": app.household_id, "kind": "expense"},
            actor=users.haizhou,
        )
    assert "program" in exc.value.errors
    services.transition(application=app, step="approve", data=fire, actor=users.street)
    first = OneOffGrant.objects.get(application=app)
    assert first.repeat_warning == ""
    again = temporary_apply(
        community=areas.haizhou,
        data={"household": app.household_id, "kind": "expense", "reason": "医疗支出"},
        actor=users.haizhou,
    )
    again = accepted(again, users.haizhou)
    decision = {"assistance_kind": "expense", "category": "medical", "level": "1", "reason": "医疗支出"}
    done = services.transition(application=again, step="approve", data=decision, actor=users.street)
    second = OneOffGrant.objects.get(application=again)
    assert first.decided_on.isoformat() in second.repeat_warning
    assert any(first.decided_on.isoformat() in line["text"] for line in done.explanation)


def test_a_person_not_on_the_register_applies(areas, users):
    number = id_number(datetime.date(1980, 5, 1))
    app = temporary_apply(
        community=areas.haizhou,
        data={
            "kind": "emergency",
            "name": "王小明",
            "id_number": number,
            "hukou": "urban",
            "address": "中山路1号",
            "reason": "车祸",
        },
        actor=users.haizhou,
    )
    assert app.household.members.get().id_number == number
    with pytest.raises(DomainError) as exc:
        temporary_apply(
            community=areas.haizhou,
            data={"kind": "emergency", "name": "王小明", "id_number": "123"},
            actor=users.haizhou,
        )
    assert "head.id_number" in exc.value.errors


def test_in_kind(areas, users):
    app = accepted(emergency(areas, users), users.haizhou)
    decision = {
        "assistance_kind": "emergency",
        "category": "disaster",
        "amount": "300",
        "override_reason": "棉被、大米",
        "goods": "棉被2床、大米50斤",
    }
    services.transition(application=app, step="approve", data=decision, actor=users.street)
    grant = OneOffGrant.objects.get(application=app)
    assert (grant.form, grant.amount, grant.goods) == (
        GrantForm.IN_KIND,
        Decimal("300.00"),
        "棉被2床、大米50斤",
    )


def test_bad_kind_names_the_field(areas, users):
    with pytest.raises(DomainError) as exc:
        emergency(areas, users, kind="flood")
    assert "kind" in exc.value.errors
    assert days_ago(0)
