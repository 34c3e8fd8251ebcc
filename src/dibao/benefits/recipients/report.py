"""The outcome of a recipients import as one JSON document: the command's `--json` and the page's
download are the same document."""

from typing import Any

from dibao.core.models import AuditEntry
from dibao.registry.models import RosterImport
from dibao.registry.roster import report as roster_report

from ..models import RecipientImportSummary
from ..services.recipients import SUMMARY

EMPTY = {"entitlements": 0, "monthly_total": "0.00", "assessed": 0, "not_eligible": 0, "other_amount": 0}
# What the import's audit entry keeps besides (`services.recipients.Summary`): the file's layout,
# the households to complete, and whether addresses were taken from the communities' names.
# A list of persons keeps its program and how many were members of the register already.
NOTES = {
    "layout": "members",
    "to_complete": 0,
    "addresses_from_community": False,
    "program": "dibao",
    "matched": 0,
}


def summary_of(record: RosterImport) -> dict[str, Any]:
    """What the import granted, from its own record (`RecipientImportSummary`)."""
    summary = RecipientImportSummary.objects.filter(roster_import=record).first()
    notes = _notes_of(record)
    if summary is None:
        return {**EMPTY, **notes}
    return {
        **notes,
        "entitlements": summary.entitlements,
        "monthly_total": f"{summary.monthly_total:.2f}",
        "assessed": summary.assessed,
        "not_eligible": summary.not_eligible,
        "other_amount": summary.other_amount,
    }


def _notes_of(record: RosterImport) -> dict[str, Any]:
    """The notes kept in the import's audit entry (an import before them has the defaults)."""
    entry = AuditEntry.objects.filter(object_type="registry.rosterimport", object_id=str(record.pk)).first()
    kept = (entry.after or {}).get(SUMMARY, {}) if entry is not None else {}
    return {key: kept.get(key, value) if isinstance(kept, dict) else value for key, value in NOTES.items()}


def document(record: RosterImport, summary: dict[str, Any]) -> dict[str, Any]:
    """The roster's document (`roster.report`) with what was granted; counts are what was written:
    0 on a dry run and on a refused file."""
    return {
        "import": record.pk,
        "kind": "recipients",
        "file": record.file_name,
        "county": record.community.county_code,
        "area": record.community.code,
        **roster_report.outcome(record),
        **{key: summary.get(key, value) for key, value in {**EMPTY, **NOTES}.items()},
        "errors": record.errors,
    }
