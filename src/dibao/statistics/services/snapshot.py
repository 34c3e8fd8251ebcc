"""Writing a closed month's snapshot (`snapshots`): derived from the ledger, the month's rows
replaced in one transaction by one bulk insert, and the writing audited."""

import datetime

from django.db import transaction
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
        SnapshotRow.objects.bulk_create(
            (
                SnapshotRow(snapshot=snapshot, **dict(zip(snapshots.KEY_FIELDS, key, strict=True)), **figures)
                for key, figures in derived.rows.items()
            ),
            batch_size=2000,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=snapshot,
            area_code=county.code,
            after={"month": f"{month:%Y-%m}", "rows": snapshot.size},
        )
    return snapshot
