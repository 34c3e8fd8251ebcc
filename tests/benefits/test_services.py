"""Entitlements and standard changes: nothing moves before the county confirms; then all at once."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from dibao.benefits.models import Entitlement, Recalculation, RecipientImportSummary
from dibao.benefits.selectors import entitlement_in_force, recalculation_lines
from dibao.benefits.services import (
    entitlement_grant,
    entitlement_set_next_review,
    recalculation_confirm,
    recalculation_discard,
    standard_change,
)
from dibao.benefits.services.recipients import Summary, recipient_import_record
from dibao.core.errors import DomainError, Forbidden
from dibao.core.models import AuditEntry
from dibao.policy.assessment import assess
from dibao.policy.services import standard_set
from dibao.registry.models import RosterImport

from .support import receiving

JAN, JUN, JUL = datetime.date(2026, 1, 1), datetime.date(2026, 6, 1), datetime.date(2026, 7, 1)


@pytest.fixture
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2026-01"}, actor=None
    )
    standard_set(
        area=areas.county, data={"kind": "rural", "amount": "200", "valid_from": "2026-01"}, actor=None
    )


def rise(areas, users, amount="400", kind="urban", since="2026-07"):
    return standard_change(
        area=areas.county, data={"kind": kind, "amount": amount, "valid_from": since}, actor=users.county
    )


def test_a_grant_closes_the_version_before(areas, users, standards):
    first = receiving(areas.haizhou, users.haizhou)
    household = first.household
    second = entitlement_grant(
        household=household,
        assessment=assess(household, JUL),
        month_from=JUL,
        reason="review",
        actor=users.haizhou,
    )
    first.refresh_from_db()
    assert first.month_to == JUN and second.month_to is None
    assert entitlement_in_force(household, datetime.date(2026, 3, 1)) == first
    assert entitlement_in_force(household, JUL) == second
    assert first.amount == Decimal("260.00") and first.explanation


def test_an_ineligible_household_gets_no_grant(areas, users, standards):
    entitlement = receiving(areas.haizhou, users.haizhou)
    household = entitlement.household
    from dibao.registry.services import income_add

    income_add(
        household=household,
        data={"kind": "wage", "amount": "5000", "month_from": "2026-07"},
        actor=users.haizhou,
    )
    with pytest.raises(DomainError):
        entitlement_grant(
            household=household,
            assessment=assess(household, JUL),
            month_from=JUL,
            reason="review",
            actor=None,
        )
    assert Entitlement.objects.filter(household=household).count() == 1


def test_the_next_review_is_set_on_the_version_in_force_with_its_audit_entry(areas, users, standards):
    e = receiving(areas.haizhou, users.haizhou)
    was = e.next_review
    entries = AuditEntry.objects.filter(object_type="benefits.entitlement", action="update")
    assert not entries.exists()
    for _ in range(2):  # the same date again writes nothing more
        entitlement_set_next_review(entitlement=e, next_review=datetime.date(2027, 3, 1), actor=users.haizhou)
    e.refresh_from_db()
    assert e.next_review == datetime.date(2027, 3, 1) and e.month_to is None
    assert Entitlement.objects.filter(household=e.household).count() == 1  # no new version
    entry = entries.get()
    assert (entry.before, entry.after) == ({"next_review": was.isoformat()}, {"next_review": "2027-03-01"})
    assert (entry.actor, entry.household_id, entry.area_code) == (
        users.haizhou,
        e.household_id,
        "210204001001",
    )


def test_a_standard_change_changes_no_amount_before_confirmation(areas, users, standards):
    a = receiving(areas.haizhou, users.haizhou)  # 260 → 300
    b = receiving(areas.liubeiqiao, users.liubeiqiao, income="500", members=1)  # 2 persons: 220 → 300
    rural = receiving(areas.haizhou, users.haizhou, urban_rural="rural")  # another line: untouched
    _, batch = rise(areas, users)
    assert batch is not None and batch.state == Recalculation.State.DRAFT
    assert (batch.households, batch.raised, batch.lowered) == (2, 2, 0)
    assert (batch.total_before, batch.total_after) == (Decimal("480.00"), Decimal("600.00"))
    assert {line.household_id for line in batch.lines.all()} == {a.household_id, b.household_id}
    assert Entitlement.objects.count() == 3
    assert entitlement_in_force(a.household, JUL) == a  # still the old amount
    assert rural.household_id not in {line.household_id for line in batch.lines.all()}


def test_confirming_writes_every_new_amount_from_the_month_with_audit(areas, users, standards):
    a = receiving(areas.haizhou, users.haizhou)
    b = receiving(areas.liubeiqiao, users.liubeiqiao, income="500", members=1)
    _, batch = rise(areas, users)
    entries = AuditEntry.objects.count()
    recalculation_confirm(recalculation=batch, actor=users.county)
    batch.refresh_from_db()
    assert batch.state == Recalculation.State.CONFIRMED and batch.decided_by == users.county
    for old, amount in ((a, "300.00"), (b, "300.00")):
        old.refresh_from_db()
        new = entitlement_in_force(old.household, JUL)
        assert old.month_to == JUN
        assert (new.amount, new.month_from, new.reason) == (Decimal(amount), JUL, "standard")
        assert new.standard == Decimal("400.00")
        assert any(line["params"].get("amount") == amount for line in new.explanation)
        assert entitlement_in_force(old.household, JUN) == old  # the past is as it was
    created = AuditEntry.objects.filter(object_type="benefits.entitlement", action="create").order_by("-id")[
        :2
    ]
    assert {e.household_id for e in created} == {a.household_id, b.household_id}
    assert AuditEntry.objects.count() == entries + 3  # two entitlements and the batch


def test_a_second_confirmation_or_a_discard_after_it_is_refused(areas, users, standards):
    receiving(areas.haizhou, users.haizhou)
    _, batch = rise(areas, users)
    recalculation_confirm(recalculation=batch, actor=users.county)
    count = Entitlement.objects.count()
    for service in (recalculation_confirm, recalculation_discard):
        with pytest.raises(DomainError) as caught, translation.override("en"):
            service(recalculation=batch, actor=users.county)
        assert "already Confirmed" in str(caught.value)
    assert Entitlement.objects.count() == count


def test_a_discarded_recalculation_changes_nothing(areas, users, standards):
    a = receiving(areas.haizhou, users.haizhou)
    _, batch = rise(areas, users)
    recalculation_discard(recalculation=batch, actor=users.county)
    assert Entitlement.objects.get(pk=a.pk).month_to is None
    assert Entitlement.objects.count() == 1


def test_a_recalculation_made_stale_by_a_later_grant_is_refused(areas, users, standards):
    a = receiving(areas.haizhou, users.haizhou)
    _, batch = rise(areas, users)
    household = a.household
    entitlement_grant(
        household=household, assessment=assess(household, JUN), month_from=JUN, reason="review", actor=None
    )
    with pytest.raises(DomainError) as caught, translation.override("en"):
        recalculation_confirm(recalculation=batch, actor=users.county)
    assert "changed after this recalculation" in str(caught.value)
    assert Recalculation.objects.get(pk=batch.pk).state == Recalculation.State.DRAFT


def test_only_the_county_confirms(areas, users, standards):
    receiving(areas.haizhou, users.haizhou)
    _, batch = rise(areas, users)
    for who in (users.street, users.haizhou, users.auditor):
        with pytest.raises(Forbidden):
            recalculation_confirm(recalculation=batch, actor=who)


def test_no_recalculation_when_nothing_changes(areas, users, standards):
    receiving(areas.haizhou, users.haizhou)
    standard, batch = rise(areas, users, amount="200", kind="rural")
    assert standard.pk and batch is None


def test_households_no_longer_eligible_are_listed_but_keep_their_entitlement(areas, users, standards):
    a = receiving(areas.haizhou, users.haizhou, income="300")
    _, batch = rise(areas, users, amount="250")
    assert batch.no_longer_eligible == 1
    recalculation_confirm(recalculation=batch, actor=users.county)
    assert entitlement_in_force(a.household, JUL) == a


def test_a_street_sees_only_its_own_lines(areas, users, standards):
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.liubeiqiao, users.liubeiqiao)
    _, batch = rise(areas, users)
    assert {line.household.community_id for line in recalculation_lines(users.street, batch)} == {
        areas.haizhou.pk
    }
    assert recalculation_lines(users.county, batch).count() == 2


def test_a_recipients_import_is_recorded_with_what_it_granted_in_one_audit_entry(areas, users):
    summary = Summary(entitlements=2, monthly_total=Decimal("520.00"), assessed=2, not_eligible=1)
    with transaction.atomic():
        record = recipient_import_record(
            actor=users.county,
            area=areas.county,
            filename="名册.xlsx",
            rows=4,
            dry_run=False,
            households=2,
            members=4,
            errors=[],
            note="migration: 名册.xlsx",
            summary=summary,
        )
    assert (record.kind, record.community, record.outcome, record.households) == (
        RosterImport.Kind.RECIPIENTS,
        areas.county,
        "imported",
        2,
    )
    kept = RecipientImportSummary.objects.get(roster_import=record)
    assert (kept.entitlements, kept.monthly_total, kept.not_eligible) == (2, Decimal("520.00"), 1)
    entry = AuditEntry.objects.get(object_type="registry.rosterimport")
    assert (entry.object_id, entry.action, entry.area_code) == (str(record.pk), "import", "210204")
    assert entry.after["recipients"] == summary.as_dict() and entry.actor == users.county
