"""PDF and file answers with a Chinese file name that every browser keeps."""

from urllib.parse import quote

from django.http import HttpResponse


def content_disposition(filename: str) -> str:
    # RFC 6266: an ASCII fallback for old clients, then the UTF-8 name (审批表-…pdf) for the others.
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return response
