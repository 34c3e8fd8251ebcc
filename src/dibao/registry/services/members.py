"""Members: adding, changing, removing, and revealing a masked ID number."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit, disclosure
from dibao.core.errors import DomainError, Forbidden

from ..inputs import MemberData
from ..models import Household, HouseholdStatus, Member, Relation
from ..validation import clean_member
from .access import require_writer


def id_conflict_message(holder: Member, actor: User | None) -> Any:
    """What to say when an ID number is already in a current household: name it if the user may see it."""
    # The operator on the command line (actor None) sees everything.
    if actor is None or (actor.area is not None and actor.area.contains(holder.household.community)):
        return _("This person is already a member of household %(number)s (%(community)s).") % {
            "number": holder.household.number,
            "community": holder.household.community.name,
        }
    return _("This person is already a member of a household in another area.")


def check_id_free(id_number: str, actor: User | None, *, exclude: Member | None = None) -> None:
    holders = Member.objects.filter(id_number=id_number, is_current=True).select_related(
        "household__community"
    )
    if exclude is not None and exclude.pk:
        holders = holders.exclude(pk=exclude.pk)
    holder = holders.first()
    if holder is not None:
        raise DomainError(id_conflict_message(holder, actor), field="id_number", code="id_taken")


def _save(member: Member, actor: User | None) -> None:
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # Another request took the same ID number between our check and our write.
        check_id_free(member.id_number, actor, exclude=member)
        raise


def member_add(*, household: Household, data: MemberData, actor: User) -> Member:
    require_writer(actor, household.community)
    values = clean_member(data)
    with transaction.atomic():
        if values["relation"] == Relation.SELF and household.members.filter(relation=Relation.SELF).exists():
            raise DomainError(_("This household already has a head."), field="relation")
        current = household.status != HouseholdStatus.TERMINATED
        if current:
            check_id_free(values["id_number"], actor)
        elif household.members.filter(id_number=values["id_number"]).exists():
            raise DomainError(_("This person is already in this household."), field="id_number")
        member = Member(household=household, is_current=current, **values)
        _save(member, actor)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=member,
            area_code=household.community.code,
            household_id=household.pk,
            after=audit.snapshot(member),
        )
    return member


def member_update(*, member: Member, data: MemberData, actor: User) -> Member:
    household = member.household
    require_writer(actor, household.community)
    values = clean_member(data, partial=True)
    with transaction.atomic():
        if "relation" in values and (values["relation"] == Relation.SELF) != member.is_head:
            if member.is_head:
                raise DomainError(
                    _("The head stays the head; make another member head first."), field="relation"
                )
            if household.members.filter(relation=Relation.SELF).exclude(pk=member.pk).exists():
                raise DomainError(_("This household already has a head."), field="relation")
        if "id_number" in values and values["id_number"] != member.id_number and member.is_current:
            check_id_free(values["id_number"], actor, exclude=member)
        before = audit.snapshot(member)
        for field, value in values.items():
            setattr(member, field, value)
        _save(member, actor)
        audit.record_update(
            actor=actor,
            obj=member,
            before=before,
            area_code=household.community.code,
            household_id=household.pk,
        )
    return member


def member_remove(*, member: Member, actor: User) -> None:
    household = member.household
    require_writer(actor, household.community)
    if member.is_head:
        raise DomainError(_("The head cannot be removed from the household."), field="relation")
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            obj=member,
            area_code=household.community.code,
            household_id=household.pk,
            before=audit.snapshot(member),
        )
        member.delete()


def id_number_reveal(*, member: Member, actor: User) -> str:
    """The whole ID number of one person, for a role that may reveal it (core.disclosure); the
    reveal itself is recorded, one entry each time."""
    if actor.area is None or not actor.area.contains(member.household.community):
        raise Forbidden()
    if not disclosure.may_reveal_id(actor):
        raise Forbidden()
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.REVEAL,
            obj=member,
            area_code=member.household.community.code,
            household_id=member.household_id,
        )
    return member.id_number


def members_disability_record_many(
    *, changes: list[tuple[Member, str, int]], actor: User | None, note: str
) -> int:
    """Record a disability (type and grade) on members the register has none for, many at once
    (a list of recipients taken over names it: `benefits.recipients.persons`). Each member's
    household is read with its community, for the entries. The caller has checked the values and
    its right to import; a member whose register already records a disability is left as it is."""
    with transaction.atomic():
        changed = []
        entries = []
        for member, disability_type, grade in changes:
            if member.disability_grade or member.disability_type:
                continue
            before = {"disability_type": member.disability_type, "disability_grade": member.disability_grade}
            member.disability_type, member.disability_grade = disability_type, grade
            changed.append(member)
            entries.append(
                audit.entry(
                    actor=actor,
                    action=audit.Action.UPDATE,
                    obj=member,
                    area_code=member.household.community.code,
                    household_id=member.household_id,
                    before=before,
                    after={"disability_type": disability_type, "disability_grade": grade},
                    note=note,
                )
            )
        Member.objects.bulk_update(changed, ["disability_type", "disability_grade"], batch_size=2000)
        audit.record_many(entries)
    return len(changed)
