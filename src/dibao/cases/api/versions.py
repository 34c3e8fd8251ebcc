"""The version of an application the client saw, and what the API answers when it is stale.

Every step is taken against the version the client read (`"version"` in the body, or an
`If-Match` header): `services.transition` compares it under the row lock, so of two people deciding
at once the second is refused. The service calls that a domain error with code `stale`; over HTTP
it is a 409 Conflict, with the service's message.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from dibao.core.errors import DomainError

IF_MATCH = OpenApiParameter(
    name="If-Match",
    location=OpenApiParameter.HEADER,
    type=OpenApiTypes.STR,
    required=False,
    description='The version of the application the client saw ("3"); instead of "version" in the body.',
)
_ETAG = re.compile(r'(?:W/)?"?(\d+)"?')


class Conflict(DomainError):
    """The application changed since the client read it."""

    status = 409


def version_seen(request: Request, in_body: int | None) -> int:
    """The version from the body or If-Match (both: they must agree); a 400 on `version` without."""
    header = request.headers.get("If-Match", "").strip()
    in_header = None
    if header:
        match = _ETAG.fullmatch(header)
        if match is None:
            raise DomainError(
                _('If-Match must be the version of the application you saw, such as "3".'), field="version"
            )
        in_header = int(match.group(1))
    if in_body is not None and in_header is not None and in_body != in_header:
        raise DomainError(_("The version in the body and the one in If-Match differ."), field="version")
    version = in_body if in_body is not None else in_header
    if version is None:
        raise DomainError(
            _('Say which version of the application you saw: "version" in the body or an If-Match header.'),
            field="version",
            code="version_required",
        )
    return version


@contextmanager
def stale_is_conflict() -> Iterator[None]:
    try:
        yield
    except DomainError as exc:
        if exc.code == "stale":
            raise Conflict(errors=exc.errors, code="stale") from None
        raise
