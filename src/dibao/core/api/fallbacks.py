"""Django's own error answers, in the API's JSON shape under /api/.

DRF answers the refusals it sees itself (`handler.py`). Some happen before or outside it: the
CSRF check of a session-authenticated write to a path that names no endpoint, a 404 or 403
raised by Django, an exception no handler caught. Django answers those with HTML pages; a client
of a JSON API would have to parse HTML to learn what went wrong. These views answer them as JSON
under /api/ and leave the pages' answers as Django makes them.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import csrf, defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail, "errors": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if _is_api(request):
        return _json("invalid", _("Malformed request."), 400)
    return defaults.bad_request(request, exception, **kwargs)


def permission_denied(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if _is_api(request):
        return _json("permission_denied", _("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception, **kwargs)


def page_not_found(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if _is_api(request):
        return _json("not_found", _("Not found."), 404)
    return defaults.page_not_found(request, exception, **kwargs)


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    if _is_api(request):
        return _json("error", _("A server error occurred."), 500)
    return defaults.server_error(request, **kwargs)


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    if _is_api(request):
        return _json(
            "csrf_failed", _("CSRF check failed: send the X-CSRFToken header, or log in with a token."), 403
        )
    return csrf.csrf_failure(request, reason, **kwargs)
