"""Households: creating one with its head, changing its fields and its status."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.areas.selectors import county_of
from dibao.core import audit
from dibao.core.errors import DomainError

from ..inputs import HouseholdData, HouseholdFields, MemberData, MemberFields
from ..models import Household, HouseholdStatus, Member, Relation
from ..validation import clean_household, clean_member
from .access import require_writer
from .categories import category_of
from .members import check_id_free
from .numbers import take_household_numbers


def household_create(*, community: Area, data: HouseholdData, head: MemberData, actor: User) -> Household:
    """A new household with its head (与户主关系 本人). Other members are added afterwards."""
    if community.level != Level.COMMUNITY:
        raise DomainError(_("A household belongs to a community."), field="community")
    require_writer(actor, community)
    errors: dict[str, list[Any]] = {}
    household_values: HouseholdFields = {}
    head_values: MemberFields = {}
    try:
        household_values = clean_household(data)
    except DomainError as exc:
        errors.update(exc.errors)
    try:
        head_values = clean_member({**head, "relation": Relation.SELF})
    except DomainError as exc:
        errors.update({f"head.{field}": messages for field, messages in exc.errors.items()})
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        try:
            check_id_free(head_values["id_number"], actor)
        except DomainError as exc:
            raise DomainError(errors={"head.id_number": exc.errors["id_number"]}, code=exc.code) from None
        county = county_of(community)
        category = category_of(data.get("category"), county.pk)
        household = Household.objects.create(
            number=take_household_numbers(county, 1)[0],
            county=county,
            community=community,
            category=category,
            **household_values,
        )
        member = Member.objects.create(household=household, **head_values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=household,
            area_code=community.code,
            household_id=household.pk,
            after=audit.snapshot(household),
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=member,
            area_code=community.code,
            household_id=household.pk,
            after=audit.snapshot(member),
        )
    return household


def household_update(*, household: Household, data: HouseholdData, actor: User) -> Household:
    require_writer(actor, household.community)
    values = clean_household(data, partial=True)
    category = category_of(data.get("category"), household.county_id) if "category" in data else None
    with transaction.atomic():
        before = audit.snapshot(household)
        for field, value in values.items():
            setattr(household, field, value)
        if "category" in data:
            household.category = category
        household.save()
        audit.record_update(
            actor=actor,
            obj=household,
            before=before,
            area_code=household.community.code,
            household_id=household.pk,
        )
    return household


# Receiving and suspended follow from decisions (an approval, a review) that come with an
# entitlement and a notice; the register's own status form can neither make nor undo them.
DECIDED_STATUSES = frozenset({HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED})


def household_set_status(*, household: Household, status: str, actor: User, note: str = "") -> Household:
    """Change the status by hand (the register's form and API), within what is not decided elsewhere."""
    require_writer(actor, household.community)
    if status != household.status and {status, household.status} & DECIDED_STATUSES:
        raise DomainError(
            _("Receiving and suspension are decided by an application or a review, not set by hand."),
            field="status",
        )
    return household_status_record(household=household, status=status, actor=actor, note=note)


def household_status_record(
    *, household: Household, status: str, actor: User | None, note: str = ""
) -> Household:
    """Change the status for a decision its caller has authorised. Terminating frees the members'
    ID numbers for another household; leaving termination takes them back, if no other household
    has taken them meanwhile."""
    if status not in HouseholdStatus.values:
        raise DomainError(_("Unknown status '%(s)s'.") % {"s": status}, field="status")
    with transaction.atomic():
        before = audit.snapshot(household)
        was_terminated = household.status == HouseholdStatus.TERMINATED
        if was_terminated and status != HouseholdStatus.TERMINATED:
            for member in household.members.all():
                check_id_free(member.id_number, actor, exclude=member)
        household.status = status
        household.save(update_fields=["status", "updated_at"])
        household.members.update(is_current=status != HouseholdStatus.TERMINATED)
        audit.record_update(
            actor=actor,
            obj=household,
            before=before,
            area_code=household.community.code,
            household_id=household.pk,
            note=note,
        )
    return household


def households_status_record_many(
    *, households: Sequence[Household], status: str, actor: User | None, note: str = ""
) -> int:
    """`household_status_record` for many households at once, set-based: one status update, one
    of the members when the status is terminated, and the audit entries in bulk, in the caller's
    transaction. `households` are the caller's rows, locked and with their community; they are
    left with the new status. Leaving termination, which checks every member's ID number
    (`check_id_free`), is done one household at a time."""
    if status not in HouseholdStatus.values:
        raise DomainError(_("Unknown status '%(s)s'.") % {"s": status}, field="status")
    if status != HouseholdStatus.TERMINATED and any(
        h.status == HouseholdStatus.TERMINATED for h in households
    ):
        raise ValueError("A terminated household leaves termination through household_status_record.")
    ids = [h.pk for h in households]
    with transaction.atomic():
        Household.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
        if status == HouseholdStatus.TERMINATED:
            # Their members' ID numbers are free for another household (`Member.is_current`).
            Member.objects.filter(household_id__in=ids).update(is_current=False)
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.UPDATE,
                    obj=h,
                    area_code=h.community.code,
                    household_id=h.pk,
                    before={"status": h.status},
                    after={"status": status},
                    note=note,
                )
                for h in households
                if h.status != status
            ]
        )
    for household in households:
        household.status = status
    return len(ids)
