"""Renderers for files the API hands out as they are (a workbook, a bank file, a PDF), and the
one rule for their refusals: an error is JSON in the one error shape even when a file was asked for
(`RefusalStaysJson`)."""

from typing import Any

from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from dibao.core.downloads import PDF, XLSX


class BytesRenderer(BaseRenderer):
    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return data if isinstance(data, bytes) else b""


class XlsxRenderer(BytesRenderer):
    """A workbook (`?format=xlsx`, or `Accept:` the xlsx media type)."""

    media_type = XLSX
    format = "xlsx"


class PdfRenderer(BytesRenderer):
    """A printed document (`?format=pdf`, or `Accept: application/pdf`)."""

    media_type = PDF
    format = "pdf"


class RefusalStaysJson:
    """For an API view that may answer with a file: a refusal (4xx, 5xx) is rendered as JSON in the
    one error shape even when the request asked for the file, so a client reads why."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), BytesRenderer
        ):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
