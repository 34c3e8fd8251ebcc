"""Legal supporters of a member (法定赡养、抚养、扶养义务人): who they are and whether they can support."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError

from ..inputs import SupporterData, SupporterFields
from ..models import Household, Member, Supporter
from ..validation import clean_supporter
from .access import require_writer
from .means import member_of


def _in_register(id_number: str) -> Member | None:
    """The register's member with this ID number, in any household: the current one first.

    Found whatever the area: a supporter often lives elsewhere, and what they receive is read
    through the link. Nothing of that household is shown to the user for it.
    """
    return Member.objects.filter(id_number=id_number).order_by("-is_current", "-id").first()


def _values(household: Household, data: SupporterData) -> SupporterFields:
    values = clean_supporter(data)
    member = member_of(household, data.get("member"))
    if member is None:
        raise DomainError(_("Choose the member this person supports."), field="member")
    if values["id_number"] == member.id_number:
        raise DomainError(_("A person cannot be their own supporter."), field="id_number")
    values["member"] = member
    values["supporter_member"] = _in_register(values["id_number"])
    return values


def _check_once(values: SupporterFields, exclude: Supporter | None = None) -> None:
    same = Supporter.objects.filter(member=values["member"], id_number=values["id_number"])
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise DomainError(
            _("This person is already recorded as a supporter of %(name)s.")
            % {"name": values["member"].name},
            field="id_number",
        )


def _save(supporter: Supporter, values: SupporterFields) -> None:
    try:
        with transaction.atomic():
            supporter.save()
    except IntegrityError:
        # Another request recorded the same person between our check and our write.
        _check_once(values, exclude=supporter)
        raise


def supporter_add(*, household: Household, data: SupporterData, actor: User) -> Supporter:
    require_writer(actor, household.community)
    values = _values(household, data)
    with transaction.atomic():
        _check_once(values)
        supporter = Supporter(**values)
        _save(supporter, values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=supporter,
            area_code=household.community.code,
            household_id=household.pk,
            after=audit.snapshot(supporter),
        )
    return supporter


def supporter_update(*, supporter: Supporter, data: SupporterData, actor: User) -> Supporter:
    household = supporter.member.household
    require_writer(actor, household.community)
    values = _values(household, data)
    with transaction.atomic():
        _check_once(values, exclude=supporter)
        before = audit.snapshot(supporter)
        for field, value in values.items():
            setattr(supporter, field, value)
        _save(supporter, values)
        audit.record_update(
            actor=actor,
            obj=supporter,
            before=before,
            area_code=household.community.code,
            household_id=household.pk,
        )
    return supporter


def supporter_delete(*, supporter: Supporter, actor: User) -> None:
    household = supporter.member.household
    require_writer(actor, household.community)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            obj=supporter,
            area_code=household.community.code,
            household_id=household.pk,
            before=audit.snapshot(supporter),
        )
        supporter.delete()
