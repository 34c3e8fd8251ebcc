"""The user who asks or acts, as the apps from accounts up name them: a `User`.

Core may not import accounts, so it describes a user by what it reads of one (`core.page_access.Staff`,
`core.scoping.Placed`, `core.audit.Actor`, `core.roles.RoleHolder`) and hands pages, API views and
commands the user typed that way. The apps above accounts take the user as the model itself, so
mypy checks what they read of it: pages annotate their request as this `StaffRequest`, API views
ask `staff(request)` and commands `actor_for(username)` here rather than in core.

Services take `actor: User | None`, `None` being the server's operator at the console; selectors
take `user: User | Operator`, the operator being `core.scoping.CONSOLE` (a selector given `None`
refuses, see `core.scoping`).
"""

from typing import cast

from rest_framework.request import Request

from dibao.areas.models import Area
from dibao.core import console, page_access
from dibao.core.api import views
from dibao.core.errors import Forbidden, NotFound
from dibao.core.roles import Role

from .models import User


class StaffRequest(page_access.StaffRequest):
    """A request of a logged-in member of staff, which is what `core.page_access.page` lets through."""

    user: User  # narrower than core's `Staff`: the model itself


def staff(request: Request) -> User:
    """The calling user, who has an area (see `core.api.permissions.StaffWithArea`)."""
    return cast(User, views.staff(request))


def actor_for(username: str | None) -> User | None:
    """The active user `--as` names, or None: the server's operator, whom no area limits."""
    return cast(User | None, console.actor_for(username))


def require_county_officer(county: Area, actor: User | None) -> None:
    """What a county keeps for itself (its register of staff, its population, its list of household
    categories) is written by its own officers: a county outside the actor's area is not found, and
    anyone below the county is refused. None is the server's operator, whom no area limits."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(county):
        raise NotFound()
    if actor.role != Role.COUNTY:
        raise Forbidden()
