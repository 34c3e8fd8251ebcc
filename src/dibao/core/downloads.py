"""Files handed to the browser as downloads, with a Chinese file name every browser keeps."""

from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, HttpResponseBase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    # RFC 6266: an ASCII fallback for old clients, then the UTF-8 name (审批表-…pdf) for the others.
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def file_response(content: bytes | IO[bytes], filename: str, content_type: str) -> HttpResponseBase:
    """Bytes, or an open file streamed in chunks (and closed when sent), as a download."""
    response: HttpResponseBase
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A printed document: downloaded, or `inline` to be shown in the browser's own viewer."""
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
