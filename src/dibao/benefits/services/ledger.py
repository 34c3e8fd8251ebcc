"""Writing the movements ledger (`benefits.models.Movement`): one row per entry, change or exit.

Every service that changes what a household receives writes its movement here, in its own
transaction, so the change report never has to reconstruct history from entitlement versions.
"""

import datetime
from typing import Any

from django.utils import timezone

from dibao.accounts.models import User
from dibao.core import audit
from dibao.policy.programs import codes
from dibao.registry.models import Household

from ..models import Entitlement, Movement, MovementKind


def kind_of(before: Entitlement | None, after: Entitlement) -> str:
    if before is None:
        return MovementKind.NEW
    if after.amount > before.amount:
        return MovementKind.RAISE
    if after.amount < before.amount:
        return MovementKind.LOWER
    return MovementKind.CHANGE


def movement(
    *,
    household: Household,
    kind: str,
    month: datetime.date,
    reason: str,
    before: Entitlement | None,
    after: Entitlement | None,
    actor: User | None,
    note: str = "",
    stop_reason: str = "",
    on: datetime.date | None = None,
    suspended_before: bool = False,
) -> Movement:
    """An unsaved movement. A suspension keeps its persons but not its money; an exit keeps neither."""
    shown = after or before
    suspended = kind == MovementKind.SUSPEND
    # A suspended household is on the books with its persons, but receives nothing.
    unpaid_before = suspended_before or kind == MovementKind.RESUME
    return Movement(
        household=household,
        program_id=shown.program_id if shown else codes.DIBAO,
        member_id=shown.member_id if shown else None,
        community_id=household.community_id,
        kind=kind,
        recorded_on=on or timezone.localdate(),
        month=month,
        reason=reason,
        stop_reason=stop_reason,
        note=note[:200],
        urban_rural=shown.urban_rural if shown else household.urban_rural,
        persons_before=before.persons if before else 0,
        persons_after=(after.persons if after else (before.persons if suspended and before else 0)),
        amount_before=before.amount if before and not unpaid_before else 0,
        amount_after=after.amount if after and not suspended else 0,
        class_before=before.benefit_class if before else "",
        class_after=after.benefit_class if after else (before.benefit_class if suspended and before else ""),
        entitlement=after or before,
        actor=audit.acting_user(actor),
    )


def record(**kwargs: Any) -> Movement:
    row = movement(**kwargs)
    row.save()
    return row


def record_many(rows: list[Movement]) -> None:
    Movement.objects.bulk_create(rows, batch_size=2000)
