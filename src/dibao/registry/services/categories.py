"""Household categories (人员类别): the county keeps its list, and a household takes one of its own
county's, or none."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.ids import parse_id
from dibao.core.roles import Role

from ..models import HouseholdCategory


def household_category_create(*, county: Area, name: str, actor: User | None) -> HouseholdCategory:
    """A new category of `county`'s list; the county's officers keep it (None: the operator)."""
    if county.level != Level.COUNTY:
        raise DomainError(_("Household categories are kept by a county."), field="county")
    if actor is not None:
        if actor.area is None or not actor.area.contains(county):
            raise NotFound()
        if actor.role != Role.COUNTY:
            raise Forbidden()
    name = " ".join(str(name or "").split())
    if not name:
        raise DomainError(_("This field is required."), field="name")
    if len(name) > 60:
        raise DomainError(_("At most %(n)d characters.") % {"n": 60}, field="name")
    with transaction.atomic():
        if HouseholdCategory.objects.filter(county=county, name=name).exists():
            raise DomainError(
                _("The county already has the category '%(name)s'.") % {"name": name}, field="name"
            )
        category = HouseholdCategory.objects.create(county=county, name=name)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=category,
            area_code=county.code,
            after=audit.snapshot(category),
        )
    return category


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
