"""Each request's id, and the one log line each request leaves.

A request's id comes from our own reverse proxy, or is made here.

django-guid takes X-Request-ID from whoever sends it (when it is a UUID), so that the proxy's log
line and ours share one id. A client that reaches the server without passing the proxy could then
choose the id its requests are logged under, and make them look like someone else's; so the header
is dropped, and a new id made, unless the connection comes from one of `TRUSTED_PROXIES` — the same
rule as for X-Forwarded-For (accounts.addresses).
"""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dibao.accounts.addresses import from_trusted_proxy

HEADER = "HTTP_X_REQUEST_ID"
logger = logging.getLogger("dibao.requests")


def request_id_from_trusted_proxy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if HEADER in request.META and not from_trusted_proxy(request):
            del request.META[HEADER]
            # request.headers is built from META on first use: make sure it has not been yet.
            request.__dict__.pop("headers", None)
        return get_response(request)

    return middleware


def access_log(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """One line for each request answered: method, path (without its query, which may hold a
    name searched for), status, time taken and who asked — with the request's id, as every line."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = get_response(request)
        if not logger.isEnabledFor(logging.INFO):
            return response
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.monotonic() - started) * 1000),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response

    return middleware
