"""Domain errors. Services raise them; the API handler and the page views turn them into responses.

A `DomainError` carries a message per field so that a form can show it beside the input and the
API can return `{"field": ["message"]}`. Messages are lazy translations: Chinese or English is
chosen when they are shown, not when they are raised.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

NON_FIELD = "__all__"


class DomainError(Exception):
    """Input or a state that a rule forbids. Nothing has been written when this is raised."""

    status = 400

    def __init__(
        self,
        message: Any = None,
        *,
        field: str = NON_FIELD,
        code: str = "invalid",
        errors: Mapping[str, list[Any]] | None = None,
    ) -> None:
        self.errors: dict[str, list[Any]] = dict(errors) if errors else {field: [message]}
        self.code = code
        super().__init__(message if message is not None else self.errors)

    def messages(self) -> dict[str, list[str]]:
        return {f: [str(m) for m in msgs] for f, msgs in self.errors.items()}

    def __str__(self) -> str:
        return "; ".join(
            (f"{f}: " if f != NON_FIELD else "") + str(m) for f, msgs in self.errors.items() for m in msgs
        )


class NotFound(DomainError):
    """The object does not exist, or lies outside the user's area (the two look the same)."""

    status = 404

    def __init__(self, message: Any = None) -> None:
        super().__init__(message or _("Not found."), code="not_found")


class Forbidden(DomainError):
    """The user's role may not take this action."""

    status = 403

    def __init__(self, message: Any = None) -> None:
        super().__init__(message or _("Your role may not do this."), code="forbidden")
