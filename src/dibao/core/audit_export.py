"""The audit trail as a workbook, with the page's columns and filters: always a job (an area's
trail over a year is hundreds of thousands of entries), whose page offers the file to its starter.

Entries are read in the page's order and shown a chunk at a time (`audit_rows`: a few queries a
chunk, whatever its size), and written by the streamed writer (core.sheets.xlsx_stream) in
constant memory. ID numbers are masked as on the page; the job's start is the export's entry.
"""

import datetime
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .audit_display import AuditRow, audit_rows
from .jobs.files import keep_written
from .jobs.progress import Progress
from .jobs.runners import Finished, runner
from .jobs.services import job_start
from .models import Job
from .scoping import Viewer
from .selectors import AuditFilters, audit_entries
from .sheets.xlsx_stream import StreamedSheet

KIND = "audit-export"
CHUNK = 500
WIDTHS = (20, 14, 22, 28, 26, 30, 60)


def audit_export_start(*, actor: Any, area_code: str, filters: AuditFilters) -> Job:
    params = {
        k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in filters.__dict__.items() if v
    }
    return job_start(
        kind=KIND, actor=actor, area_code=area_code, params={"filters": params, "produces_file": True}
    )


def header() -> list[str]:
    return [
        _("Time"),
        _("User"),
        _("What was done"),
        _("Household or area"),
        _("Object"),
        _("Note"),
        _("Changes"),
    ]


def cells(row: AuditRow) -> list[str]:
    entry = row.entry
    return [
        f"{row.at:%Y-%m-%d %H:%M:%S}",
        str(entry.actor) if entry.actor_id else _("command line"),
        row.what,
        row.household or row.area,
        f"{row.object_label} {row.object_repr}".strip(),
        row.note,
        row.changes_text(),
    ]


def rows_of(user: Viewer, filters: AuditFilters) -> Iterator[AuditRow]:
    entries = audit_entries(user, filters).iterator(chunk_size=CHUNK)
    while chunk := list(islice(entries, CHUNK)):
        yield from audit_rows(chunk)


def write(out: Any, user: Viewer, filters: AuditFilters, progress: Progress | None = None) -> int:
    total = audit_entries(user, filters).count()
    if progress is not None:
        progress.start(total)
    written = 0
    with StreamedSheet(
        out, _("Audit trail"), WIDTHS, text_columns=range(len(WIDTHS)), rows=total + 1
    ) as sheet:
        sheet.header(header())
        for row in rows_of(user, filters):
            sheet.row(cells(row))
            written += 1
            if progress is not None and written % CHUNK == 0:
                progress.advance(written)
    return written


def _filters(params: dict[str, Any]) -> AuditFilters:
    values = dict(params)
    for day in ("date_from", "date_to"):
        if values.get(day):
            values[day] = datetime.date.fromisoformat(values[day])
    return AuditFilters(**values)


@runner(KIND)
def run_audit_export(job: Job, progress: Progress) -> Finished:
    filters = _filters(job.params.get("filters", {}))
    name = f"{_('Audit trail')}-{job.area_code}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    written: list[int] = []
    keep_written(job, name, lambda out: written.append(write(out, job.actor, filters, progress)))
    return Finished(outcome={"entries": written[0] if written else 0, "file": name})
