"""What the payroll pages share: a service's refusal as messages on the run's page, and file
answers with a Chinese file name every browser keeps."""

from typing import IO, cast

from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseBase

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.cases.views.downloads import content_disposition
from dibao.core.errors import DomainError, Forbidden, NotFound


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


def file_response(content: bytes | IO[bytes], filename: str, content_type: str) -> HttpResponseBase:
    """Bytes, or an open file streamed in chunks (and closed when sent), as a download."""
    response: HttpResponseBase
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response
