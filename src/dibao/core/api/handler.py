"""Every API error has one shape: `{"code": ..., "detail": ..., "errors": {field: [messages]}}`.

Domain errors raised by services and selectors, and the serializers' own input errors, are both
answered this way, so a client reads `errors` the same whichever layer refused its input. Nested
input is named with dots (`head.id_number`), as the services name it.
"""

from collections.abc import Mapping
from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import NON_FIELD, DomainError


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail (dicts, lists of dicts) as `{"a.b": [messages]}`."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            # Errors about the whole of a nested object belong to the object's own name.
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                child = prefix
            else:
                child = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, child).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    if isinstance(detail, list) and any(isinstance(item, Mapping | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            for field, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or NON_FIELD: [str(message) for message in messages]}


def _summary(errors: Mapping[str, list[str]]) -> str:
    if errors.get(NON_FIELD):
        return errors[NON_FIELD][0]
    return "; ".join(f"{field}: {message}" for field, messages in errors.items() for message in messages)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, OverflowError):
        # A number too large for the database's integers (an id in the path or the query) names no
        # object; SQLite refuses to bind it with OverflowError rather than finding nothing.
        exc = exceptions.NotFound()
    if isinstance(exc, DomainError):
        errors = exc.messages()
        return Response({"code": exc.code, "detail": _summary(errors), "errors": errors}, status=exc.status)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return Response({"code": "invalid", "detail": _summary(errors), "errors": errors}, status=400)
    response = drf_exception_handler(exc, context)
    # DRF's other refusals (401, 403, 404, 405, 429 …, and Django's Http404 and PermissionDenied,
    # which DRF turns into its own) keep their status and headers (WWW-Authenticate, Retry-After)
    # and gain the same keys as every other error.
    if response is not None:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(detail, "code", None) or getattr(exc, "default_code", None) or "error"
        response.data = {"code": code, "detail": str(detail), "errors": {}}
    return response
