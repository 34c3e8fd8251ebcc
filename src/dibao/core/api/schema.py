"""The OpenAPI schema documents every status an operation can answer, not only its success.

Every refusal has one shape (`handler.py`), so one component, `Error`, describes them all. The
statuses that every endpoint shares are added here, once, instead of on each operation:

- 400: the input (body or query) is wrong;
- 401 and 403: no or a wrong token, a role that may not (not for endpoints open to anyone);
- 404: no such object in the caller's area, or a page of a list past its end;
- 415: a body in a media type the endpoint does not read (operations that take a body);
- 429: too many requests (throttled endpoints only).

An operation that answers one of these with another body (a refused import's `report`) says so
with `extend_schema(responses=...)`, which is kept; one that can also answer 409 adds `CONFLICT`.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorOutput(serializers.Serializer):
    code = serializers.CharField(help_text="What kind of refusal: `invalid`, `not_found`, `stale` …")
    detail = serializers.CharField(help_text="The first problem, or every one on a line of its own.")
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="A message per field (nested fields with dots; the request as a whole under `__all__`).",
    )

    class Meta:
        # One component for every error response.
        ref_name = "Error"


def error(description: str) -> OpenApiResponse:
    """An error response of the common shape, for `extend_schema(responses={status: error(...)})`."""
    return OpenApiResponse(ErrorOutput, description=description)


CONFLICT = error("The object changed since the version sent (code `stale`): read it again.")

_INPUT = "The input is wrong; `errors` names each field."
_UNAUTHENTICATED = "No token, or a wrong one."
_FORBIDDEN = "The caller's role may not do this, or the account has no area."
_NOT_FOUND = "No such object in the caller's area (the two look the same), or no such page of a list."
_MEDIA_TYPE = "The body is in a media type this endpoint does not read."
_THROTTLED = "Too many requests; `Retry-After` says when to try again."


def _model_field_allows(field: serializers.Field) -> tuple[bool, bool]:
    """Whether the model field a read-only output field reads may be null, and may be blank.

    DRF drops `allow_null` and `allow_blank` from the fields a ModelSerializer builds read-only,
    so the schema would promise a value where the database may hold none (an area's `parent`, an
    income's `member`) or a choice where it may hold "" (an income's `item`)."""
    serializer = field.parent
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or not isinstance(field.source, str) or field.source in ("", "*"):
        return False, False
    null = blank = False
    for name in field.source.split("."):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return null, False
        null = null or bool(getattr(model_field, "null", False))
        blank = bool(getattr(model_field, "blank", False))
        model = getattr(model_field, "related_model", None)
        if model is None:
            break
    return null, blank and not isinstance(model_field, models.ForeignKey)


class ApiSchema(AutoSchema):
    """drf-spectacular's schema with the common error responses on every operation, the output
    fields of model serializers nullable (or blank) where their model fields are, and input text
    that may not be blank with a minimum length of one."""

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        if (
            direction == "response"
            and field.read_only
            and isinstance(field.parent, serializers.ModelSerializer)
        ):
            null, blank = _model_field_allows(field)
            if null:
                field.allow_null = True
            if blank and isinstance(field, serializers.ChoiceField):
                field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_serializer_field_meta(self, field: Any, direction: Any) -> dict[str, Any]:
        meta: dict[str, Any] = super()._get_serializer_field_meta(field, direction)
        # Input text that may not be blank says so, so that a client knows before it is refused.
        # Only input: an answer's text may well be blank (a note, a column a row error has none of).
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not field.allow_blank
            and not field.read_only
        ):
            meta.setdefault("minLength", 1)
        return meta

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status, description in self._common_errors():
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    error(description), status, ["application/json"], direction
                )
        return dict(sorted(responses.items()))

    def _common_errors(self) -> list[tuple[str, str]]:
        statuses = [("400", _INPUT), ("404", _NOT_FOUND)]
        if not self._open_to_anyone():
            statuses += [("401", _UNAUTHENTICATED), ("403", _FORBIDDEN)]
        if self.method in ("POST", "PUT", "PATCH"):
            statuses.append(("415", _MEDIA_TYPE))
        if self.view.get_throttles():
            statuses.append(("429", _THROTTLED))
        return statuses

    def _open_to_anyone(self) -> bool:
        permissions = self.view.get_permissions()
        return all(isinstance(permission, AllowAny) for permission in permissions)
