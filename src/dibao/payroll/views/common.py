"""What the payroll pages share: a service's refusal as messages on the run's page."""

from typing import cast

from django.contrib import messages

from dibao.areas.models import Area
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.page_access import StaffRequest


def own_area(request: StaffRequest) -> Area:
    return cast(Area, request.user.area)  # `page` lets no user without an area through


def show_messages(request: StaffRequest, exc: DomainError) -> None:
    """A refused step as messages at the top of the run's page (nothing has changed). Refusals of
    role or area stay exceptions: 403 and 404 (core.page_access)."""
    if isinstance(exc, NotFound | Forbidden):
        raise exc
    for field_messages in exc.messages().values():
        for message in field_messages:
            messages.error(request, message)
