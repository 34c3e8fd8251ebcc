"""Renderers for files the API hands out as they are (a workbook, a bank file, a PDF).

The view returns the file's bytes; a refusal is still JSON because the view's exception handler
answers before any file exists."""

from typing import Any

from rest_framework.renderers import BaseRenderer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
