"""The outcome of a recipients import as one JSON document: the command's `--json` and the page's
download are the same document."""

from typing import Any

from dibao.registry.models import RosterImport
from dibao.registry.roster import report as roster_report

from ..models import RecipientImportSummary

EMPTY = {"entitlements": 0, "monthly_total": "0.00", "assessed": 0, "not_eligible": 0, "other_amount": 0}


def summary_of(record: RosterImport) -> dict[str, Any]:
    """What the import granted, from its own record (`RecipientImportSummary`)."""
    summary = RecipientImportSummary.objects.filter(roster_import=record).first()
    if summary is None:
        return dict(EMPTY)
    return {
        "entitlements": summary.entitlements,
        "monthly_total": f"{summary.monthly_total:.2f}",
        "assessed": summary.assessed,
        "not_eligible": summary.not_eligible,
        "other_amount": summary.other_amount,
    }


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
        **{key: summary.get(key, value) for key, value in EMPTY.items()},
        "errors": record.errors,
    }
