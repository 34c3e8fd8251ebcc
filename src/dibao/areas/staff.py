"""The user who asks or acts, as the areas app names them: core's `Staff`, working in an `Area`.

Areas sits below accounts and may not import its `User` (docs/architecture.md, "Layers"); what it
reads of one is the role, and the area as the model it is. `accounts.User` is one of these.
"""

from typing import Protocol, cast

from rest_framework.request import Request

from dibao.core import page_access
from dibao.core.api import views

from .models import Area


class AreaStaff(page_access.Staff, Protocol):
    @property
    def area(self) -> Area | None: ...


class StaffRequest(page_access.StaffRequest):
    """A request of a logged-in member of staff, which is what `core.page_access.page` lets through."""

    user: AreaStaff


def staff(request: Request) -> AreaStaff:
    """The calling user, who has an area (see `core.api.permissions.StaffWithArea`)."""
    return cast(AreaStaff, views.staff(request))
