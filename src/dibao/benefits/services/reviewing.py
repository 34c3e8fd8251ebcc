"""When a household is reviewed next: a review that continues the benefit unchanged sets it on the
version in force, rather than opening a new version for an unchanged amount."""

import datetime

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
