"""The outcome of a recipients import as one JSON document: the command's `--json` and the page's
download are the same document."""

from typing import Any

from dibao.core import audit
from dibao.core.models import AuditEntry

from ...models import RosterImport

# The key of the import's audit entry that keeps what was granted (entitlements, monthly total…):
# the import record has no place for it, and the entry is written in the same transaction.
SUMMARY = "recipients"
EMPTY = {"entitlements": 0, "monthly_total": "0.00", "assessed": 0, "not_eligible": 0, "other_amount": 0}


def summary_of(record: RosterImport) -> dict[str, Any]:
    entry = (
        AuditEntry.objects.filter(
            action=audit.Action.IMPORT,
            object_type=RosterImport._meta.label_lower,
            object_id=str(record.pk),
        )
        .only("after")
        .first()
    )
    after = entry.after if entry is not None and isinstance(entry.after, dict) else {}
    return {**EMPTY, **after.get(SUMMARY, {})}


def document(record: RosterImport, summary: dict[str, Any]) -> dict[str, Any]:
    """Counts are what was written: 0 on a dry run and on a refused file."""
    return {
        "import": record.pk,
        "kind": "recipients",
        "file": record.file_name,
        "county": record.community.county_code,
        "area": record.community.code,
        "dry_run": record.dry_run,
        "outcome": record.outcome,
        "rows": record.rows,
        "households": record.households,
        "members": record.members,
        **{key: summary.get(key, value) for key, value in EMPTY.items()},
        "errors": record.errors,
    }
