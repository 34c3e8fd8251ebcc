"""What a locked-out log-in is told: that there were too many failed attempts, and when to try again.

django-axes keeps the count (its `AccessAttempt` rows) and refuses a locked username in its
authentication backend, before any password is checked, for the log-in page and the API's token
alike; see the AXES_ settings. The page's form and the token view then say why with
`lockout_message`, and for a page axes' middleware sends that answer as a 429 (`lockout_response`).
"""

import datetime
import math
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import ngettext


def lock_ends(username: str) -> datetime.datetime:
    """When the lock on `username` lifts: one cool-off after its last counted failure (failures
    refused while locked are not counted, so this does not move while the user waits)."""
    cool_off = get_cool_off()
    now = timezone.now()
    last = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - cool_off).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (last or now) + cool_off


def seconds_left(ends: datetime.datetime) -> int:
    return max(1, math.ceil((ends - timezone.now()).total_seconds()))


def lockout_message(ends: datetime.datetime) -> str:
    minutes = math.ceil(seconds_left(ends) / 60)
    return ngettext(
        "Too many failed log-ins for this username: it is locked for now. "
        "Try again in %(minutes)d minute, after %(time)s.",
        "Too many failed log-ins for this username: it is locked for now. "
        "Try again in %(minutes)d minutes, after %(time)s.",
        minutes,
    ) % {"minutes": minutes, "time": f"{timezone.localtime(ends):%H:%M}"}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Axes' answer once it has refused a log-in (AXES_LOCKOUT_CALLABLE): the page the log-in view
    made, which already shows `lockout_message`, sent as 429 Too Many Requests."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if original_response is None:
        # A refusal outside our views (axes' own decorators): the message alone.
        username = get_client_username(request, credentials) or ""
        return HttpResponse(
            lockout_message(lock_ends(username)), status=status, content_type="text/plain; charset=utf-8"
        )
    original_response.status_code = status
    return original_response
