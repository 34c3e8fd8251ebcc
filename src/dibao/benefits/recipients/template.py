"""The recipients roster's template: the register's roster template with the community and the
three benefit columns filled in on the example head's row, and how to fill them in."""

from django.utils.translation import gettext as _

from dibao.core.sheets.template import Column, template_workbook
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
    notes = [note for note in exporter.template_notes() if note[0] != community]
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
    sheet_columns = [
        Column(columns.name(key), 20 if key == "address" else 14, key in exporter.TEXT_COLUMNS)
        for key in KEYS
    ]
    # The register's example household, with the benefit columns filled in on its head's row.
    examples = [
        [{**example, **(EXAMPLE_BENEFIT if line == 0 else {})}.get(key, "") for key in KEYS]
        for line, example in enumerate(exporter.EXAMPLE)
    ]
    return template_workbook(_("Recipients"), sheet_columns, examples, _notes())
