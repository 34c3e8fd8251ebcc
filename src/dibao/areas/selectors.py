"""Reading areas, always within what the user may see."""

from typing import Any

from django.db.models import QuerySet

from dibao.core.errors import NotFound

from .models import Area, Level


def visible_areas(user: Any) -> QuerySet[Area]:
    """The user's own area and everything below it."""
    return Area.objects.filter(code__prefix=user.area.scope_prefix).select_related("parent")


def visible_communities(user: Any) -> QuerySet[Area]:
    return visible_areas(user).filter(level=Level.COMMUNITY)


def area_for(user: Any, code: str) -> Area:
    """The area with this code, if the user may see it; otherwise NotFound (never a hint)."""
    area = visible_areas(user).filter(code=str(code).strip()).first()
    if area is None:
        raise NotFound()
    return area


def community_for(user: Any, code: str) -> Area:
    area = area_for(user, code)
    if area.level != Level.COMMUNITY:
        raise NotFound()
    return area


def county_of(area: Area) -> Area:
    """The county an area lies in (itself for a county)."""
    return Area.objects.get(code=area.county_code)
