"""When a household is reviewed next: a review that continues the benefit unchanged sets it on the
version in force, rather than opening a new version for an unchanged amount."""

import datetime
from collections.abc import Sequence

from django.db import transaction

from dibao.accounts.models import User
from dibao.core import audit

from ..models import Entitlement


def entitlement_set_next_review(
    *, entitlement: Entitlement, next_review: datetime.date | None, actor: User | None, note: str = ""
) -> Entitlement:
    """Set the version's next review, audited: what it was and what it is (the entry names this
    field alone, not every field of the version). The same date again writes nothing."""
    before = audit.snapshot(entitlement, ["next_review"])
    if entitlement.next_review == next_review:
        return entitlement
    with transaction.atomic():
        entitlement.next_review = next_review
        entitlement.save(update_fields=["next_review"])
        household = entitlement.household
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=entitlement,
            area_code=household.community.code,
            household_id=household.pk,
            before=before,
            after=audit.snapshot(entitlement, ["next_review"]),
            note=note,
        )
    return entitlement


def entitlements_set_next_review(
    *, changes: Sequence[tuple[Entitlement, datetime.date | None]], actor: User | None, note: str = ""
) -> int:
    """`entitlement_set_next_review` for many versions at once (an annual review's continuations):
    one UPDATE per batch and an audit entry each; those already due on that date are left alone.
    Returns how many moved."""
    moved: list[Entitlement] = []
    entries = []
    for entitlement, next_review in changes:
        if entitlement.next_review == next_review:
            continue
        before = audit.snapshot(entitlement, ["next_review"])
        entitlement.next_review = next_review
        moved.append(entitlement)
        household = entitlement.household
        entries.append(
            audit.entry(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=entitlement,
                area_code=household.community.code,
                household_id=household.pk,
                before=before,
                after=audit.snapshot(entitlement, ["next_review"]),
                note=note,
            )
        )
    if not moved:
        return 0
    with transaction.atomic():
        Entitlement.objects.bulk_update(moved, ["next_review"], batch_size=1000)
        audit.record_many(entries)
    return len(moved)
