"""Printed documents as PDF: HTML templates that extend `dibao/print/base.html`, rendered by
WeasyPrint with the system's Noto CJK fonts so that Chinese prints as text, not boxes.

WeasyPrint is imported when something is printed, so that a machine without Pango still serves
every page but the printed ones. What a document shows (and whose numbers are whole on it) is the
printing app's; this is only the paper and the press.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

PORTRAIT, LANDSCAPE = "A4", "A4 landscape"


def render_pdf(template: str, context: dict[str, Any], *, page: str = PORTRAIT) -> bytes:
    import weasyprint  # needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0)

    html = render_to_string(template, {**context, "page_size": page, "printed_on": timezone.localdate()})
    return weasyprint.HTML(string=html).write_pdf()
