"""Rigid spending (刚性支出) of a household: medical after insurance, education, rehabilitation."""

from django.db import transaction
from django.utils import timezone

from dibao.accounts.models import User
from dibao.core import audit

from ..inputs import RigidSpendingData
from ..models import Household, RigidSpending
from ..validation import clean_rigid_spending
from .access import require_writer
from .means import member_of


def rigid_spending_add(*, household: Household, data: RigidSpendingData, actor: User) -> RigidSpending:
    require_writer(actor, household.community)
    values = clean_rigid_spending(data, today=timezone.localdate())
    values["member"] = member_of(household, data.get("member"))
    with transaction.atomic():
        spending = RigidSpending.objects.create(household=household, **values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=spending,
            area_code=household.community.code,
            household_id=household.pk,
            after=audit.snapshot(spending),
        )
    return spending


def rigid_spending_update(*, spending: RigidSpending, data: RigidSpendingData, actor: User) -> RigidSpending:
    household = spending.household
    require_writer(actor, household.community)
    values = clean_rigid_spending(data, today=timezone.localdate())
    values["member"] = member_of(household, data.get("member"))
    with transaction.atomic():
        before = audit.snapshot(spending)
        for field, value in values.items():
            setattr(spending, field, value)
        spending.save()
        audit.record_update(
            actor=actor,
            obj=spending,
            before=before,
            area_code=household.community.code,
            household_id=household.pk,
        )
    return spending


def rigid_spending_delete(*, spending: RigidSpending, actor: User) -> None:
    household = spending.household
    require_writer(actor, household.community)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            obj=spending,
            area_code=household.community.code,
            household_id=household.pk,
            before=audit.snapshot(spending),
        )
        spending.delete()
