"""Writing a closed month's snapshot (`snapshots`): derived from the ledger, the month's rows
replaced in one transaction by one bulk insert, and the writing audited."""

import datetime
import json

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.roles import Role

from .. import snapshots
from ..models import Snapshot, SnapshotRow

# Who closes a county's month (the payroll's approvers) writes its snapshot.
WRITERS = frozenset({Role.COUNTY})


COLUMNS = ("snapshot_id", *snapshots.KEY_FIELDS, *snapshots.FIGURES, *snapshots.COUNTERS)


def _insert_rows(snapshot: Snapshot, derived: snapshots.Derived) -> None:
    """The derived rows, inserted: on PostgreSQL by COPY (a county's month is a hundred thousand
    rows, which the ORM's bulk insert builds as model instances first, ten times slower)."""
    if connection.vendor != "postgresql":
        SnapshotRow.objects.bulk_create(
            (
                SnapshotRow(snapshot=snapshot, **dict(zip(snapshots.KEY_FIELDS, key, strict=True)), **figures)
                for key, figures in derived.rows.items()
            ),
            batch_size=2000,
        )
        return
    table = SnapshotRow._meta.db_table
    columns = ", ".join(name if name != "community" else "community_id" for name in COLUMNS)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for key, figures in derived.rows.items():
            copy.write_row(
                (
                    snapshot.pk,
                    *key,
                    *(figures[name] for name in snapshots.FIGURES),
                    *(json.dumps(figures[name]) for name in snapshots.COUNTERS),
                )
            )


def snapshot_write(*, county: Area, month: datetime.date, actor: User | None) -> Snapshot:
    """The snapshot of `county`'s `month`, counted now; any earlier one of the month replaced.
    `actor=None`: the server's operator on the command line."""
    if county.level != Level.COUNTY:
        raise DomainError(_("A snapshot is of a county's month."), field="county")
    if actor is not None:
        if actor.area is None or not actor.area.contains(county):
            raise NotFound()
        if actor.role not in WRITERS:
            raise Forbidden()
    month = month.replace(day=1)
    derived = snapshots.derive(county, month)
    with transaction.atomic():
        Snapshot.objects.filter(county=county, month=month).delete()
        snapshot = Snapshot.objects.create(
            county=county, month=month, taken_at=timezone.now(), size=len(derived.rows)
        )
        _insert_rows(snapshot, derived)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=snapshot,
            area_code=county.code,
            after={"month": f"{month:%Y-%m}", "rows": snapshot.size},
        )
    return snapshot
