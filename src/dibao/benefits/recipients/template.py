"""The recipients roster's template: the register's roster template with the community and the
three benefit columns filled in on the example head's row, and how to fill them in."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from dibao.registry.roster import exporter
from dibao.registry.roster import headers as cols

from . import columns
from .vocabulary import RECIPIENTS

KEYS = [*exporter.COLUMNS, *columns.CANONICAL]
EXAMPLE_BENEFIT = {
    "community": "海州社区",
    "benefit_class": "A类",
    "benefit_amount": "520.00",
    "benefit_from": "2026-01",
}


def _notes() -> list[tuple[str, str]]:
    """The register's template's notes, but for 社区, and this file's own columns."""
    community = cols.CANONICAL["community"]
    notes = [note for note in exporter._notes() if note[0] != community]
    notes += [
        (
            community,
            _(
                "Required on the head's row: the name or the 12-digit code of the household's community. "
                "Left empty on the other rows, or the same community."
            ),
        ),
        (
            columns.CANONICAL["benefit_class"],
            _("Required on the head's row. Allowed: %(words)s")
            % {"words": RECIPIENTS.accepted("benefit_class")},
        ),
        (
            columns.CANONICAL["benefit_amount"],
            _("Required on the head's row: what the household is paid a month, in yuan, to the fen."),
        ),
        (
            columns.CANONICAL["benefit_from"],
            _(
                "Required on the head's row: the first month it is paid that amount "
                "(2026-03, 2026年3月 or a date)."
            ),
        ),
    ]
    return notes


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Recipients"))
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for col, key in enumerate(KEYS):
        sheet.set_column(
            col, col, 14 if key != "address" else 20, text if key in exporter.TEXT_COLUMNS else None
        )
        sheet.write_string(0, col, columns.name(key), bold)
    for line, example in enumerate(exporter.EXAMPLE, start=1):
        values = {**example, **(EXAMPLE_BENEFIT if line == 1 else {})}
        for col, key in enumerate(KEYS):
            if values.get(key):
                sheet.write_string(line, col, values[key])
    sheet.freeze_panes(1, 0)
    guide = workbook.add_worksheet(_("How to fill in"))
    guide.set_column(0, 0, 16)
    guide.set_column(1, 1, 100)
    for index, (column, note) in enumerate(_notes()):
        guide.write_string(index, 0, column, bold)
        guide.write_string(index, 1, note)
    workbook.close()
    return buffer.getvalue()
