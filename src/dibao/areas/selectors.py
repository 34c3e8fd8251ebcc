"""Reading areas, always within what the user may see."""

from dataclasses import dataclass
from typing import cast

from django.db.models import Count, QuerySet

from dibao.core.errors import NotFound
from dibao.core.scoping import Viewer, within

from .models import Area, Level
from .staff import AreaStaff

LEVEL_DEPTH = {Level.COUNTY: 0, Level.STREET: 1, Level.COMMUNITY: 2}


def visible_areas(user: Viewer) -> QuerySet[Area]:
    """The user's own area and everything below it."""
    return within(Area.objects.all(), user, "code").select_related("parent")


def visible_communities(user: Viewer) -> QuerySet[Area]:
    return visible_areas(user).filter(level=Level.COMMUNITY)


def area_for(user: Viewer, code: str) -> Area:
    """The area with this code, if the user may see it; otherwise NotFound (never a hint)."""
    area = visible_areas(user).filter(code=str(code).strip()).first()
    if area is None:
        raise NotFound()
    return area


def community_for(user: Viewer, code: str) -> Area:
    area = area_for(user, code)
    if area.level != Level.COMMUNITY:
        raise NotFound()
    return area


def county_of(area: Area) -> Area:
    """The county an area lies in (itself for a county)."""
    return Area.objects.get(code=area.county_code)


@dataclass(frozen=True)
class AreaNode:
    area: Area
    depth: int  # 0 for the user's own area
    households: int  # in the area and everything below it


def area_tree(user: AreaStaff) -> list[AreaNode]:
    """The user's area and all below it, parents before children, with household counts.

    One query: the areas with the number of households of each (only communities have any), then
    the sums are carried up to streets and the county here. Codes sort parents first (see models).
    """
    areas = list(
        within(Area.objects.all(), user, "code").annotate(own_households=Count("households")).order_by("code")
    )
    by_id = {area.pk: area for area in areas}
    totals = {area.pk: 0 for area in areas}
    for area in areas:
        current: Area | None = area
        while current is not None:
            totals[current.pk] += area.own_households
            current = by_id.get(current.parent_id) if current.parent_id else None
    top = LEVEL_DEPTH[Level(cast(Area, user.area).level)]  # `within` refuses a user without an area
    return [
        AreaNode(area=area, depth=LEVEL_DEPTH[Level(area.level)] - top, households=totals[area.pk])
        for area in areas
    ]
