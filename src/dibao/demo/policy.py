"""The demo county's policy: the seed county's standards and class amounts, and an entitlement for
every receiving household, so that a fresh demo shows amounts, explanations and "what if"."""

import datetime

from django.db import transaction

from dibao.areas.models import Area
from dibao.benefits.models import Entitlement, MovementKind, Reason, StopReason
from dibao.benefits.services import Grant, entitlement_stop, entitlements_bulk_grant
from dibao.policy.assessment import assess_many
from dibao.policy.inputs import RulesData
from dibao.policy.models import Standard, StopMonthPay
from dibao.policy.programs import codes
from dibao.policy.services import rules_set, standard_set
from dibao.registry.models import Household, HouseholdStatus
from dibao.registry.services import households_status_record_many

# From the seed county's year-end report: urban standard 360 元 a month; rural 2,400 元 a year;
# urban classes A/B/C paid 420/360/300 元; rural classes add 200/150/100 元 to the gap; new wages
# are not counted during a three-month trial period.
SEED_RULES: RulesData = {
    "excluded_items": [
        "special_care",
        "family_planning",
        "scholarship",
        "heroism",
        "social_assistance",
        "resident_basic_pension",
    ],
    "urban_benefit_mode": "class",
    "rural_benefit_mode": "gap_class",
    "class_amounts": {
        "urban": {"A": "420", "B": "360", "C": "300"},
        "rural": {"A": "200", "B": "150", "C": "100"},
    },
    "new_job_disregard_months": 3,
    "rounding_unit": "1",
    "rounding_method": "up",
    # Reviews as the 2021 measures ask (POLICY.md §3): stable households yearly, those with
    # working-age members able to work every six months (the seeds' monthly visits are older).
    "review_months_first": 12,
    "review_months_second": 6,
    "review_months_third": 6,
    "note": "示例县政策（据社区年度工作总结）",
}


def build_policy(county: Area, year: int) -> bool:
    """Standards and rules from January of `year`, once; False when the county already has them."""
    if Standard.objects.filter(area=county).exists():
        return False
    since = f"{year}-01"
    standard_set(area=county, data={"kind": "urban", "amount": "360", "valid_from": since}, actor=None)
    standard_set(area=county, data={"kind": "rural", "amount": "200", "valid_from": since}, actor=None)
    rules_set(area=county, data={**SEED_RULES, "valid_from": since}, actor=None)
    return True


def grant_receiving(
    county: Area, month: datetime.date, today: datetime.date | None = None, *, suspend: bool = True
) -> int:
    """An entitlement from `month` for each receiving or suspended household that never had one; the
    suspended ones are then suspended through the service, so that their money stops as it would
    in use (their entitlement ends, a movement is written) — unless `suspend` is false: the demo's
    story suspends them in its own time."""
    households = Household.objects.filter(
        county=county, status__in=[HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED]
    ).exclude(pk__in=Entitlement.objects.filter(program_id=codes.DIBAO).values("household_id"))
    by_id = {h.pk: h for h in households.select_related("community")}
    grants = [
        (by_id[o.facts.id], Grant.of(o.assessment))
        for o in assess_many(households, month)
        if o.assessment is not None and o.assessment.eligible
    ]
    suspended = [h for h, _ in grants if h.status == HouseholdStatus.SUSPENDED]
    with transaction.atomic():
        # Receiving again for a moment: only a receiving household is suspended by the service.
        households_status_record_many(
            households=suspended, status=HouseholdStatus.RECEIVING, actor=None, note="demo data"
        )
        granted = entitlements_bulk_grant(
            grants=grants, month_from=month, reason=Reason.MIGRATION, actor=None, program=codes.DIBAO
        )
        for household in suspended if suspend else []:  # a few dozen in a demo county
            entitlement_stop(
                household=household,
                kind=MovementKind.SUSPEND,
                on=today or month,
                stop_reason=StopReason.VERIFICATION,
                month_pay=StopMonthPay.FULL,
                actor=None,
                note="demo data",
            )
    return granted
