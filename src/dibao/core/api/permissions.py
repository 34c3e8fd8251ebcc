"""Who may call an endpoint, by role (core.roles says which roles may do what).

These are early refusals only: the services check role and area again on every write, so an
endpoint that forgot a permission still could not write where it must not.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request


class StaffWithArea(IsAuthenticated):
    """Logged in, and with an area: everything a user sees is bounded by it."""

    message = _("Your account has no area; an administrator must assign one.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and getattr(request.user, "area_id", None) is not None


def roles_may(roles: Iterable[str]) -> type[BasePermission]:
    """A permission that lets through only users whose role is one of `roles`."""
    allowed = frozenset(roles)

    class RoleIn(BasePermission):
        message = _("Your role may not do this.")

        def has_permission(self, request: Request, view: Any) -> bool:
            return getattr(request.user, "role", None) in allowed

    return RoleIn


def roles_may_write(roles: Iterable[str]) -> type[BasePermission]:
    """Reading for every role; POST, PUT, PATCH and DELETE only for `roles`."""
    writers = roles_may(roles)

    class ReadOrRoleWrites(writers):  # type: ignore[valid-type,misc]
        def has_permission(self, request: Request, view: Any) -> bool:
            return request.method in SAFE_METHODS or super().has_permission(request, view)

    return ReadOrRoleWrites
