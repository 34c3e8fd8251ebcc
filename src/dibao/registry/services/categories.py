"""Household categories (人员类别): the county keeps its list — adds, renames, deletes — and a
household takes one of its own county's, or none. A rename keeps every household's link (they hold
the category, not its name); a category households hold is deleted only by moving them to another
of the county's in the same step, each move in the household's own audit trail."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dibao.accounts.models import User
from dibao.accounts.staff import require_county_officer
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.ids import parse_id

from ..models import Household, HouseholdCategory


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise DomainError(_("This field is required."), field="name")
    if len(name) > 60:
        raise DomainError(_("At most %(n)d characters.") % {"n": 60}, field="name")
    return name


def _check_free(county: Area, name: str, but: HouseholdCategory | None = None) -> None:
    taken = HouseholdCategory.objects.filter(county=county, name=name)
    if but is not None:
        taken = taken.exclude(pk=but.pk)
    if taken.exists():
        raise DomainError(_("The county already has the category '%(name)s'.") % {"name": name}, field="name")


def household_category_create(*, county: Area, name: str, actor: User | None) -> HouseholdCategory:
    """A new category of `county`'s list; the county's officers keep it (None: the operator)."""
    if county.level != Level.COUNTY:
        raise DomainError(_("Household categories are kept by a county."), field="county")
    require_county_officer(county, actor)
    name = _clean_name(name)
    with transaction.atomic():
        _check_free(county, name)
        category = HouseholdCategory.objects.create(county=county, name=name)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=category,
            area_code=county.code,
            after=audit.snapshot(category),
        )
    return category


def household_category_rename(
    *, category: HouseholdCategory, name: str, actor: User | None
) -> HouseholdCategory:
    """`category` under a new name, unique in its county; every household keeps it."""
    county = category.county
    require_county_officer(county, actor)
    name = _clean_name(name)
    with transaction.atomic():
        locked = HouseholdCategory.objects.select_for_update().get(pk=category.pk)
        _check_free(county, name, but=locked)
        before = audit.snapshot(locked)
        locked.name = name
        locked.save(update_fields=["name"])
        audit.record_update(actor=actor, obj=locked, before=before, area_code=county.code)
    return locked


def household_category_delete(
    *, category: HouseholdCategory, actor: User | None, move_to: HouseholdCategory | None = None
) -> int:
    """Delete `category` from its county's list. Households holding it are moved to `move_to`
    (another category of the same county) in the same step, each move audited on the household;
    without `move_to` a category held by any household is refused, saying by how many. Returns
    the number of households moved."""
    county = category.county
    require_county_officer(county, actor)
    if move_to is not None and (move_to.county_id != category.county_id or move_to.pk == category.pk):
        raise DomainError(_("Move the households to another category of the county's list."), field="move_to")
    with transaction.atomic():
        locked = HouseholdCategory.objects.select_for_update().get(pk=category.pk)
        held = list(
            Household.objects.select_for_update()
            .filter(category=locked)
            .values_list("pk", "number", "community__code")
            .order_by("pk")
        )
        if held and move_to is None:
            raise DomainError(
                ngettext(
                    "'%(name)s' is held by %(n)d household: move it to another category to delete this one.",
                    "'%(name)s' is held by %(n)d households: "
                    "move them to another category to delete this one.",
                    len(held),
                )
                % {"name": locked.name, "n": len(held)},
                field="move_to",
            )
        if held:
            assert move_to is not None
            Household.objects.filter(pk__in=[pk for pk, _number, _code in held]).update(category=move_to)
            note = _("Category '%(old)s' deleted; moved to '%(new)s'.") % {
                "old": locked.name,
                "new": move_to.name,
            }
            audit.record_many(
                [
                    audit.entry(
                        actor=actor,
                        action=audit.Action.UPDATE,
                        obj=Household(pk=pk, number=number),
                        area_code=code,
                        household_id=pk,
                        before={"category": locked.pk},
                        after={"category": move_to.pk},
                        note=note,
                    )
                    for pk, number, code in held
                ]
            )
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            obj=locked,
            area_code=county.code,
            before=audit.snapshot(locked),
            note=(
                _("%(n)d households moved to '%(new)s'.") % {"n": len(held), "new": move_to.name}
                if move_to is not None and held
                else ""
            ),
        )
        locked.delete()
    return len(held)


def category_of(value: Any, county_id: int) -> HouseholdCategory | None:
    """The category `value` names (an id, or the category), which must be on the list of the
    household's county; empty: none."""
    if value in (None, ""):
        return None
    if isinstance(value, HouseholdCategory):
        value = value.pk
    try:
        pk = parse_id(value, field="category")
    except DomainError:
        raise DomainError(_("Choose a category of the county's list."), field="category") from None
    found = HouseholdCategory.objects.filter(pk=pk, county_id=county_id).first()
    if found is None:
        raise DomainError(_("Choose a category of the county's list."), field="category")
    return found
