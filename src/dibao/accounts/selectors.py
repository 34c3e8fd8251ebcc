"""Reading users, within the reader's area."""

from typing import Any

from django.db.models import QuerySet

from .models import User


def visible_users(user: Any) -> QuerySet[User]:
    """Users whose area is the reader's area or lies below it."""
    return (
        User.objects.filter(area__code__prefix=user.area.scope_prefix)
        .select_related("area")
        .order_by("area__code", "username")
    )
