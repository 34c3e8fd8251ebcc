"""Reading users, within the reader's area, and their API tokens."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from dibao.core.scoping import Operator, within

from .models import ApiToken, User


def visible_users(user: User | Operator) -> QuerySet[User]:
    """Users whose area is the reader's area or lies below it."""
    return (
        within(User.objects.all(), user, "area__code")
        .select_related("area")
        .order_by("area__code", "username")
    )


def live_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens that still open the API (not expired), oldest first."""
    unexpired = Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    return ApiToken.objects.filter(unexpired, user=user).order_by("created", "pk")
