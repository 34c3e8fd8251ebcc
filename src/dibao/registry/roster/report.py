"""The outcome of a roster import as one JSON document (the command's `--json`, the page's
download); its error report as an xlsx is `core.sheets.row_errors.errors_xlsx`."""

from typing import Any

from ..models import RosterImport


def document(record: RosterImport) -> dict[str, Any]:
    return {
        "import": record.pk,
        "file": record.file_name,
        "community": record.community.code,
        **outcome(record),
        "errors": record.errors,
    }


def outcome(record: RosterImport) -> dict[str, Any]:
    """What became of the file, in every roster import's document (the recipients' too). Counts
    are what was written: 0 on a dry run and on a refused file."""
    return {
        "dry_run": record.dry_run,
        "outcome": record.outcome,
        "rows": record.rows,
        "households": record.households,
        "members": record.members,
    }
