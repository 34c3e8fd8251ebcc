"""Log-in throttling: after LOGIN_THROTTLE_LIMIT failed log-ins for one username, or from one client
address, within LOGIN_THROTTLE_WINDOW seconds, further attempts are refused before any password is
checked. Failures are rows of `FailedLogin`, so every server process counts the same attempts.

Both limits matter: per username stops guessing one person's password from many machines; per
address stops one machine from trying one password against every username.
"""

import datetime
import math
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpRequest
from django.utils import timezone

from .models import FailedLogin

# Rows older than this are of no use to the throttle and are removed as new failures come in.
KEEP = datetime.timedelta(days=1)


def _window() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)


def _key(username: str) -> str:
    # Usernames are matched exactly by the log-in itself, but counting `Chen` and `chen` apart
    # would double what a guesser may try.
    return username.strip().lower()


def client_address(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a proxy that
    # we trust rewrote it, and a forged address would escape the per-address limit.
    return request.META.get("REMOTE_ADDR") or None


def wait_seconds(username: str, address: str | None) -> int:
    """0 when a log-in may be tried; otherwise how long until the oldest counted failure expires."""
    now = timezone.now()
    keys = {"user": Q(username=_key(username))}
    if address:
        keys["address"] = Q(address=address)
    aggregates: dict[str, Any] = {}
    for name, condition in keys.items():
        aggregates[f"{name}_n"] = Count("pk", filter=condition)
        aggregates[f"{name}_first"] = Min("at", filter=condition)
    counts = FailedLogin.objects.filter(at__gte=now - _window()).aggregate(**aggregates)
    limit = settings.LOGIN_THROTTLE_LIMIT
    blocked_since = [counts[f"{name}_first"] for name in keys if counts[f"{name}_n"] >= limit]
    if not blocked_since:
        return 0
    return max(1, math.ceil((max(blocked_since) + _window() - now).total_seconds()))


def wait_minutes(username: str, address: str | None) -> int:
    return math.ceil(wait_seconds(username, address) / 60)


def record_failure(username: str, address: str | None) -> None:
    FailedLogin.objects.filter(at__lt=timezone.now() - max(KEEP, _window())).delete()
    FailedLogin.objects.create(username=_key(username), address=address)


def clear_failures(username: str) -> None:
    """After a successful log-in the person is who they say: their username starts afresh."""
    FailedLogin.objects.filter(username=_key(username)).delete()
