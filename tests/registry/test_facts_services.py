"""Legal supporters, self-care assessments and rigid spending: what the database refuses, what the
services refuse (naming the field), and the audit entry each write leaves."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from dibao.core.errors import DomainError, NotFound
from dibao.core.models import AuditEntry
from dibao.registry import selectors, services
from dibao.registry.models import CareAssessment, RigidSpending, Supporter

from .register_data import fresh_id_number, household_with_records, make_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(areas, users):
    return household_with_records(areas.haizhou, users.haizhou)


def supporter(member, **overrides):
    return {
        "member": member.pk,
        "name": "王大伟",
        "id_number": fresh_id_number(),
        "relation": "child",
        "able": True,
        **overrides,
    }


def entries(model: str, action: str) -> int:
    return AuditEntry.objects.filter(object_type=f"registry.{model}", action=action).count()


# ---- Supporters ----------------------------------------------------------------------------------


def test_an_outside_supporter_is_recorded_with_its_audit_entry(records, users):
    number = fresh_id_number()
    added = services.supporter_add(
        household=records.household,
        data=supporter(records.head, id_number=number, able="no", note="服刑"),
        actor=users.haizhou,
    )
    assert (added.member, added.supporter_member, added.able, added.note) == (
        records.head,
        None,
        False,
        "服刑",
    )
    entry = AuditEntry.objects.get(object_type="registry.supporter", action="create")
    assert entry.household_id == records.household.pk and entry.area_code == records.household.community.code
    # Kept whole, as a member's is; the trail's pages mask it by its name (core.audit_display).
    assert entry.after["id_number"] == number and entry.after["member_id"] == records.head.pk


def test_a_supporter_in_the_register_is_linked_by_id_number_in_any_area(records, areas, users):
    elsewhere = make_household(areas.liubeiqiao, users.liubeiqiao)
    their_head = elsewhere.members.get()
    added = services.supporter_add(
        household=records.household,
        data=supporter(records.head, id_number=their_head.id_number.lower(), name="张三"),
        actor=users.haizhou,
    )
    assert added.supporter_member == their_head and added.id_number == their_head.id_number


def test_supporter_rules_name_their_fields(records, users):
    with pytest.raises(DomainError) as caught:
        services.supporter_add(
            household=records.household,
            data=supporter(records.head, name="", id_number="123", relation="uncle", able="no", note=""),
            actor=users.haizhou,
        )
    assert set(caught.value.errors) == {"name", "id_number", "relation", "note"}
    with pytest.raises(DomainError) as missing:
        services.supporter_add(
            household=records.household, data=supporter(records.head, able=None), actor=users.haizhou
        )
    assert set(missing.value.errors) == {"able"}
    assert Supporter.objects.count() == 0 and entries("supporter", "create") == 0


def test_a_member_is_not_their_own_supporter_nor_recorded_twice(records, users):
    with pytest.raises(DomainError) as own:
        services.supporter_add(
            household=records.household,
            data=supporter(records.head, id_number=records.head.id_number),
            actor=users.haizhou,
        )
    assert set(own.value.errors) == {"id_number"}
    data = supporter(records.head, id_number=records.spouse.id_number)
    services.supporter_add(household=records.household, data=data, actor=users.haizhou)
    with pytest.raises(DomainError) as twice:
        services.supporter_add(household=records.household, data=data, actor=users.haizhou)
    assert set(twice.value.errors) == {"id_number"}
    # The spouse supports the head, and may be supported by the head in return.
    services.supporter_add(
        household=records.household,
        data=supporter(records.spouse, id_number=records.head.id_number, relation="spouse"),
        actor=users.haizhou,
    )
    assert Supporter.objects.count() == 2


def test_the_database_refuses_a_second_row_and_a_member_supporting_themselves(records):
    row = {"name": "王大伟", "id_number": fresh_id_number(), "relation": "child", "able": True}
    Supporter.objects.create(member=records.head, **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        Supporter.objects.create(member=records.head, **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        Supporter.objects.create(
            member=records.head, supporter_member=records.head, **{**row, "id_number": records.head.id_number}
        )


def test_a_supporter_of_another_household_is_refused_and_other_areas_cannot_write(records, areas, users):
    other = make_household(areas.haiyue, users.street)
    with pytest.raises(DomainError) as caught:
        services.supporter_add(
            household=records.household, data=supporter(other.members.get()), actor=users.haizhou
        )
    assert set(caught.value.errors) == {"member"}
    with pytest.raises(NotFound):
        services.supporter_add(
            household=records.household, data=supporter(records.head), actor=users.liubeiqiao
        )


def test_change_and_delete_a_supporter_are_audited(records, users):
    added = services.supporter_add(
        household=records.household, data=supporter(records.head), actor=users.haizhou
    )
    services.supporter_update(
        supporter=added,
        data=supporter(records.head, id_number=added.id_number, able=False, note="重病"),
        actor=users.haizhou,
    )
    added.refresh_from_db()
    assert (added.able, added.note) == (False, "重病")
    change = AuditEntry.objects.get(object_type="registry.supporter", action="update")
    assert change.before == {"able": True, "note": ""} and change.after == {"able": False, "note": "重病"}
    services.supporter_delete(supporter=added, actor=users.haizhou)
    assert Supporter.objects.count() == 0 and entries("supporter", "delete") == 1


def test_removing_the_linked_member_keeps_the_supporter_as_an_outside_person(records, areas, users):
    elsewhere = make_household(areas.haizhou, users.haizhou, members=1)
    child = elsewhere.members.exclude(relation="self").get()
    added = services.supporter_add(
        household=records.household,
        data=supporter(records.head, id_number=child.id_number),
        actor=users.haizhou,
    )
    services.member_remove(member=child, actor=users.haizhou)
    added.refresh_from_db()
    assert added.supporter_member is None and added.id_number == child.id_number


# ---- Self-care assessments ----------------------------------------------------------------------


def assessment(member, failed, **overrides):
    return {
        "member": member.pk,
        "assessed_on": "2026-03-02",
        "failed": failed,
        "assessor": "区评估中心",
        **overrides,
    }


@pytest.mark.parametrize(
    ("failed", "count", "level"),
    [
        ([], 0, "none"),
        (["bathing"], 1, "partial"),
        (["eating", "dressing", "bathing"], 3, "partial"),
        (["eating", "dressing", "transferring", "bathing"], 4, "full"),
        (["eating", "dressing", "transferring", "toileting", "walking", "bathing"], 6, "full"),
    ],
)
def test_the_level_follows_the_count_of_failed_activities(records, users, failed, count, level):
    made = services.care_assessment_add(
        household=records.household, data=assessment(records.head, failed), actor=users.haizhou
    )
    assert (made.activities_failed, made.level) == (count, level)
    assert entries("careassessment", "create") == 1


def test_activities_are_kept_once_each_in_their_order(records, users):
    made = services.care_assessment_add(
        household=records.household,
        data=assessment(records.head, ["bathing", "eating", "bathing"]),
        actor=users.haizhou,
    )
    assert (made.failed, made.activities_failed) == (["eating", "bathing"], 2)


def test_assessment_rules_name_their_fields(records, users):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as caught:
        services.care_assessment_add(
            household=records.household,
            data=assessment(records.head, ["flying"], assessed_on=tomorrow.isoformat(), assessor=""),
            actor=users.haizhou,
        )
    assert set(caught.value.errors) == {"failed", "assessed_on", "assessor"}
    with pytest.raises(DomainError) as no_member:
        services.care_assessment_add(
            household=records.household,
            data={**assessment(records.head, []), "member": ""},
            actor=users.haizhou,
        )
    assert set(no_member.value.errors) == {"member"}
    assert CareAssessment.objects.count() == 0


def test_the_database_refuses_a_level_that_disagrees_with_the_count(records):
    with pytest.raises(IntegrityError), transaction.atomic():
        CareAssessment.objects.create(
            member=records.head,
            assessed_on=datetime.date(2026, 1, 1),
            failed=["eating"],
            activities_failed=1,
            level="full",
            assessor="x",
        )


def test_the_latest_assessment_counts_and_history_is_kept(records, users):
    add = services.care_assessment_add
    add(
        household=records.household,
        data=assessment(records.head, [], assessed_on="2025-06-01"),
        actor=users.haizhou,
    )
    later = add(
        household=records.household,
        data=assessment(records.head, ["eating", "dressing", "walking", "bathing"], assessed_on="2026-02-01"),
        actor=users.haizhou,
    )
    assert selectors.latest_care_assessment(users.haizhou, records.head) == later
    assert (
        selectors.latest_care_assessment(users.haizhou, records.head, on=datetime.date(2026, 1, 31)).level
        == "none"
    )
    assert selectors.latest_care_assessment(users.haizhou, records.spouse) is None
    services.care_assessment_delete(assessment=later, actor=users.haizhou)
    assert selectors.latest_care_assessment(users.haizhou, records.head).level == "none"
    assert entries("careassessment", "delete") == 1


# ---- Rigid spending -----------------------------------------------------------------------------


def spending(**overrides):
    return {"kind": "medical", "amount": "1,234.5", "spent_on": "2026-01-10", "note": "住院自付", **overrides}


def test_rigid_spending_is_money_to_the_fen_and_audited(records, users):
    made = services.rigid_spending_add(
        household=records.household, data=spending(member=records.spouse.pk), actor=users.haizhou
    )
    assert (made.amount, made.member, made.spent_on) == (
        Decimal("1234.50"),
        records.spouse,
        datetime.date(2026, 1, 10),
    )
    assert entries("rigidspending", "create") == 1
    services.rigid_spending_update(spending=made, data=spending(amount="99", member=""), actor=users.haizhou)
    made.refresh_from_db()
    assert (made.amount, made.member) == (Decimal("99.00"), None)
    services.rigid_spending_delete(spending=made, actor=users.haizhou)
    assert RigidSpending.objects.count() == 0 and entries("rigidspending", "delete") == 1


def test_rigid_spending_rules_name_their_fields(records, users):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for data, fields in [
        (spending(amount="12.345", kind="food", spent_on=""), {"amount", "kind", "spent_on"}),
        (spending(amount="0"), {"amount"}),
        (spending(amount="-5"), {"amount"}),
        (spending(amount="99999999999"), {"amount"}),
        (spending(spent_on=tomorrow.isoformat()), {"spent_on"}),
    ]:
        with pytest.raises(DomainError) as caught:
            services.rigid_spending_add(household=records.household, data=data, actor=users.haizhou)
        assert set(caught.value.errors) == fields, data
    assert RigidSpending.objects.count() == 0


def test_the_total_is_the_twelve_months_before_the_month(records, users):
    for day, amount in [
        ("2025-02-28", "1000"),  # thirteen months before 2026-03: outside
        ("2025-03-01", "200.10"),  # the first day of the window
        ("2026-02-28", "300.20"),  # the last day of the window
        ("2026-03-01", "5000"),  # the month itself: outside
    ]:
        services.rigid_spending_add(
            household=records.household, data=spending(spent_on=day, amount=amount), actor=users.haizhou
        )
    total = selectors.rigid_spending_total(users.haizhou, records.household, datetime.date(2026, 3, 15))
    assert total == Decimal("500.30")
    assert selectors.rigid_spending_total(
        users.haizhou, records.household, datetime.date(2024, 1, 1)
    ) == Decimal("0.00")
