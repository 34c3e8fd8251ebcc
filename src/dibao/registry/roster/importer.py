"""Importing a roster: all of it, or — when any row is wrong — none of it, with the reasons."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import NO_PROGRESS, Progress
from dibao.core.sheets import reader
from dibao.core.sheets.reader import Table
from dibao.core.sheets.row_errors import RowError, file_refused

from ..models import RosterImport
from ..services.access import require_writer
from ..services.bulk import households_bulk_create
from ..services.roster import roster_import_record
from . import headers, report
from .parse import parse

T = TypeVar("T")
N = TypeVar("N")


@dataclass(frozen=True)
class ImportResult:
    record: RosterImport
    households: int
    members: int
    errors: list[RowError]

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return report.document(self.record)


def import_roster(
    *,
    filename: str,
    content: bytes,
    area: Area,
    actor: User | None,
    dry_run: bool = False,
    today: datetime.date | None = None,
    progress: Progress = NO_PROGRESS,
) -> ImportResult:
    """Into `area`: a community, or a street or county whose communities the rows' 社区 names
    (`parse`). `actor=None` is the server's operator on the command line. `progress` counts the
    rows checked; it is written before the one transaction that writes them."""
    if actor is not None:
        require_writer(actor, area)
    county = county_of(area)
    rows, new, errors = read_and_check(
        filename,
        content,
        lambda table: parse(table, area=area, county=county, actor=actor, today=today, progress=progress),
    )
    with transaction.atomic():
        households = members = 0
        if not errors and not dry_run:
            note = _("roster %(file)s") % {"file": filename}
            written, errors = write_unless_register_changed(
                filename, lambda: households_bulk_create(county=county, new=new, actor=actor, note=note)
            )
            if written is not None:
                households, members = written.households, written.members
        record = roster_import_record(
            actor=actor,
            area=area,
            filename=filename,
            rows=rows,
            dry_run=dry_run,
            households=households,
            members=members,
            errors=errors,
        )
    return ImportResult(record=record, households=households, members=members, errors=errors)


def read_and_check(
    filename: str,
    content: bytes,
    check: Callable[[Table], tuple[list[N], list[RowError]]],
    *,
    is_header: reader.IsHeader = headers.is_header,
) -> tuple[int, list[N], list[RowError]]:
    """A roster file (the register's, or the recipients' with more columns or in the county's
    payment layout, whose header `is_header` recognises) read and its rows checked: (rows read,
    what they make, everything wrong with them). A file that cannot be read at all is one error,
    on no row."""
    try:
        table = reader.read(filename, content, is_header=is_header)
    except DomainError as exc:
        return 0, [], [file_refused(filename, exc)]
    new, errors = check(table)
    return len(table.rows), new, errors


def write_unless_register_changed(filename: str, write: Callable[[], T]) -> tuple[T | None, list[RowError]]:
    """`write` in a savepoint of its own. When someone registered one of the file's people while it
    was being checked, the database's unique index refuses it: nothing of it stays, and the file is
    refused with that reason (the import's record is still written)."""
    try:
        with transaction.atomic():
            return write(), []
    except IntegrityError:
        return None, [register_changed(filename)]


def register_changed(filename: str) -> RowError:
    """The refusal when someone registered one of the file's people while it was being checked."""
    return RowError(
        1,
        "",
        filename,
        _("The register changed while the file was being imported; nothing was imported. Please try again."),
    )
