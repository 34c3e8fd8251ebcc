"""Printed documents as PDF: HTML templates that extend `dibao/print/base.html`, rendered by
WeasyPrint with the system's Noto CJK fonts so that Chinese prints as text, not boxes.

WeasyPrint is imported when something is printed, so that a machine without Pango still serves
every page but the printed ones. What a document shows (and whose numbers are whole on it) is the
printing app's; this is only the paper and the press.

A bound file of several documents (a household's case file) lays each one out on its own, exactly
as it prints alone — its own page size, its own "page n / m" footer — and then binds their pages
into one PDF (`render_document`, `bind`): a document in the file is the one printed on its own.
"""

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

PORTRAIT, LANDSCAPE = "A4", "A4 landscape"


def _html(template: str, context: dict[str, Any], page: str) -> str:
    return render_to_string(template, {**context, "page_size": page, "printed_on": timezone.localdate()})


def render_pdf(template: str, context: dict[str, Any], *, page: str = PORTRAIT) -> bytes:
    import weasyprint  # needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0)

    return bytes(weasyprint.HTML(string=_html(template, context, page)).write_pdf())


def render_document(template: str, context: dict[str, Any], *, page: str = PORTRAIT) -> Any:
    """The template laid out as a WeasyPrint document: its pages counted, not yet written."""
    import weasyprint

    return weasyprint.HTML(string=_html(template, context, page)).render()


def bind(documents: Sequence[Any]) -> bytes:
    """Documents laid out by `render_document`, their pages one after another in one PDF."""
    pages = [page for document in documents for page in document.pages]
    return bytes(documents[0].copy(pages).write_pdf())
