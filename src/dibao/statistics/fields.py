"""The breakdowns a statistic may be asked for (`--by`, `?by=`, the page's checkboxes), what each
reads of an entitlement and of a one-off grant, and how its values are named to people.

A breakdown names a column or a path, never a Python function of a row: every figure is grouped by
the database (`engine`)."""

from typing import Any

from django.db.models import F, Value
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area, Level
from dibao.core.errors import DomainError

FIELDS: tuple[str, ...] = (
    "area",
    "street",
    "community",
    "program",
    "urban_rural",
    "benefit_class",
    "management_class",
    "category",
    "member_category",
    "month",
)

LABELS: dict[str, Any] = {
    "area": _("Area"),
    "street": _("Street/town"),
    "community": _("Community/village"),
    "program": _("Program"),
    "urban_rural": _("Urban/rural"),
    "benefit_class": _("Benefit class"),
    "management_class": _("Management class"),
    "category": _("Household category"),
    "member_category": _("Member category"),
    "month": _("Month"),
}

# Fields whose values are areas (ids in the queries, codes and names when shown).
AREA_FIELDS = frozenset({"area", "street", "community"})


def parse_by(value: Any) -> tuple[str, ...]:
    """`"street,benefit_class"` (or a list of names) as the breakdown, in the order given, each
    name once; an unknown name is refused on the field `by`, naming the ones there are."""
    if value in (None, ""):
        return ()
    parts = value if isinstance(value, list | tuple) else str(value).split(",")
    names: list[str] = []
    for part in parts:
        name = str(part).strip()
        if not name:
            continue
        if name not in FIELDS:
            raise DomainError(
                _("'%(name)s' is not a breakdown; the breakdowns are: %(names)s.")
                % {"name": name, "names": ", ".join(FIELDS)},
                field="by",
            )
        if name not in names:
            names.append(name)
    return tuple(names)


def _area_level_path(area: Area, community_path: str) -> str:
    """`area`: one level below the area asked for (a county's streets, a street's communities;
    a community is its own)."""
    return f"{community_path}__parent_id" if area.level == Level.COUNTY else f"{community_path}_id"


def entitlement_keys(area: Area, by: tuple[str, ...]) -> dict[str, Any]:
    """Each breakdown as an expression over `benefits.Entitlement` (the household where it is now)."""
    paths: dict[str, Any] = {
        "area": F(_area_level_path(area, "household__community")),
        "street": F("household__community__parent_id"),
        "community": F("household__community_id"),
        "program": F("program_id"),
        "urban_rural": F("urban_rural"),
        "benefit_class": F("benefit_class"),
        "management_class": F("management_class"),
        "category": F("household__category_id"),
    }
    return {f"k_{name}": paths[name] for name in by if name not in ("month", "member_category")}


def grant_keys(area: Area, by: tuple[str, ...]) -> dict[str, Any]:
    """Each breakdown over `assistance.OneOffGrant` (the community where it was decided); a grant
    has no benefit or management class."""
    paths: dict[str, Any] = {
        "area": F(_area_level_path(area, "community")),
        "street": F("community__parent_id"),
        "community": F("community_id"),
        "program": F("program_id"),
        "urban_rural": F("household__urban_rural"),
        "benefit_class": Value(""),
        "management_class": Value(""),
        "category": F("household__category_id"),
    }
    return {f"k_{name}": paths[name] for name in by if name != "month"}
