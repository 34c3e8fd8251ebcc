"""API plumbing shared by every app: domain errors become JSON responses with field messages."""

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import NON_FIELD, DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"code": exc.code, "errors": exc.messages()}
        non_field = body["errors"].get(NON_FIELD)
        body["detail"] = non_field[0] if non_field else str(exc)
        return Response(body, status=exc.status)
    return drf_exception_handler(exc, context)
