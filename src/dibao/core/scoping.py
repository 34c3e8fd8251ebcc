"""What may this user see: the one answer, for every read of the area-bound records.

Areas nest by code (see `areas.models`): a county's 6-digit code begins its streets' and
communities' 12-digit codes, and an area's `scope_prefix` is the part that is its own. So "this
area and everything below it" is one condition, `code` starts with the prefix — written here with
the `prefix` lookup (`core.lookups`), which both databases answer from an ordinary index, where
Django's `startswith` is a LIKE that SQLite's index cannot serve.

The module knows codes and field paths, not the `Area` model: core is imported by every app and
imports none. A query is scoped by naming the path from its rows to an area code:

    within(Application.objects.all(), user, "community__code")
    within(Entitlement.objects.all(), user, "household__community__code")

Who is asking is always said. A user (anything with an `area`) sees their area and below;
`CONSOLE`, the server's operator running a `dibao` command without `--as`, sees everything, and
says so by being passed. Nobody (`None`) is refused outright rather than read as "everything": a
selector that forgot its user must not answer with every county's households.
"""

from typing import Final, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)

# The levels' own digits (county, street, community); a street's full code pads its 9 with "000".
COUNTY_DIGITS = 6
STREET_DIGITS = 9
FULL_DIGITS = 12


class Operator:
    """The server's operator at the console: no area limits what they see."""

    def __repr__(self) -> str:
        return "CONSOLE"


CONSOLE: Final = Operator()


class Place(Protocol):
    """What scoping reads of an area (`areas.Area` is one)."""

    @property
    def code(self) -> str: ...

    @property
    def scope_prefix(self) -> str: ...


class Placed(Protocol):
    """A user as scoping sees them, someone working in an area: `accounts.User` is one, described
    here rather than imported because accounts sits above core."""

    @property
    def area(self) -> Place | None: ...


# Who asks: a user, or the console's operator (`CONSOLE`, the one `Operator`).
Viewer = Placed | Operator


def _area_of(viewer: Placed) -> Place:
    if viewer is None:
        raise TypeError("a scoped read needs its viewer: a user, or scoping.CONSOLE for the operator")
    area = viewer.area
    if area is None:  # a bare `createsuperuser`: pages and the API let no such user in
        raise TypeError("a scoped read needs a viewer with an area")
    return area


def prefix_of(viewer: Viewer) -> str:
    """The code prefix of what `viewer` may see ("" for the console: every code)."""
    if isinstance(viewer, Operator):
        return ""
    return str(_area_of(viewer).scope_prefix)


def covers(viewer: Viewer, code: str) -> bool:
    """Whether `viewer` may see what lies in the area with this code."""
    return str(code).startswith(prefix_of(viewer))


def area_q(prefix: str, path: str) -> Q:
    """The condition "the code at `path` is this prefix or below it" (an empty prefix: anything)."""
    return Q(**{f"{path}__prefix": prefix}) if prefix else Q()


def within(queryset: QuerySet[M], viewer: Viewer, path: str = "community__code") -> QuerySet[M]:
    """The rows of `queryset` whose area code (at `path`) the viewer may see."""
    return queryset.filter(area_q(prefix_of(viewer), path))


def within_area(queryset: QuerySet[M], area: Place, path: str = "community__code") -> QuerySet[M]:
    """The rows in `area` (anything with a `scope_prefix`) or below it: a narrowing the caller has
    already checked the viewer may see (e.g. found through `areas.selectors.area_for`)."""
    return queryset.filter(area_q(str(area.scope_prefix), path))


def areas_above(code: str) -> list[str]:
    """The codes of the areas above the one with this code, the county first (none for a county).

    A community `210204001003` lies in the street `210204001000` and the county `210204`."""
    code = str(code)
    above = []
    if len(code) > COUNTY_DIGITS:
        above.append(code[:COUNTY_DIGITS])
        street = code[:STREET_DIGITS] + "0" * (FULL_DIGITS - STREET_DIGITS)
        if street != code:
            above.append(street)
    return above


def reaching(viewer: Viewer, path: str = "area__code") -> Q:
    """Rows set for the viewer's area, below it, or above it (which apply to it too): policy,
    recalculations and annual reviews opened higher up reach into the area."""
    if isinstance(viewer, Operator):
        return Q()
    area = _area_of(viewer)
    return area_q(str(area.scope_prefix), path) | Q(**{f"{path}__in": areas_above(area.code)})


def county_code_of(viewer: Viewer) -> str:
    """The county the viewer works in ("" for the console, which is in none)."""
    if isinstance(viewer, Operator):
        return ""
    return str(_area_of(viewer).code)[:COUNTY_DIGITS]
