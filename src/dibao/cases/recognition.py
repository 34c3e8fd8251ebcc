"""Recognitions (认定) of a household — 低保边缘家庭 (`near_poverty`) and 刚性支出困难家庭
(`rigid_expense`): applied for and decided through the one workflow like 低保, on a means test of
their own, and granted as a status rather than money.

A recognition is an entitlement of its program with no amount (the programs pay no cash, so no
payroll line is drawn for them), covering the household, valid for the program's
`validity_months` from its first month (`eligibility.recognised_until`) with its review due then.
Medical and temporary assistance read the status as held on a date. Both tests start from the
household's 低保 means test of the month (the same incomes, deductions and assets), so a household
found just above the 低保 line is judged on the same figures:
- 边缘: per-capita income from the standard up to `Rules.near_poverty_multiple` × the standard;
- 刚性支出: per-capita income below last year's local per-capita disposable income (a term by
  year), and the rigid spending of the last twelve months above the term's share of the
  household's income over them (its counted monthly income × 12).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.benefits.services import Grant
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.core.scoping import CONSOLE, Operator
from dibao.policy.assessment import assess
from dibao.policy.engine import explanation as ex
from dibao.policy.engine.calculation import Assessment, NotAssessable
from dibao.policy.programs import codes, eligibility
from dibao.policy.programs.eligibility import Result
from dibao.policy.programs.in_force import program_in_force
from dibao.policy.selectors import in_force as policy_in_force
from dibao.registry.models import Household
from dibao.registry.selectors import rigid_spending_total

RECOGNITIONS = (codes.NEAR_POVERTY, codes.RIGID_EXPENSE)
ASSET_MESSAGES = {ex.FINANCIAL_ASSETS, ex.VEHICLE, ex.HOMES, ex.BUSINESS}


def _means(household: Household, month: datetime.date) -> Assessment:
    try:
        return assess(household, month)
    except NotAssessable as exc:
        raise DomainError(exc.line.render()) from None


def recognition_test(
    *, program: str, household: Household, month: datetime.date, viewer: User | Operator | None = None
) -> tuple[Result, Assessment]:
    """The program's test of the household for `month`, with the means test it read."""
    month = month.replace(day=1)
    found = program_in_force(household.community, month, program)
    if found is None or program not in RECOGNITIONS:
        raise DomainError(_("This program is not a recognition of a household."), field="program")
    means = _means(household, month)
    assets_pass = not any(line.message in ASSET_MESSAGES for line in means.reasons)
    if program == codes.NEAR_POVERTY:
        rules = policy_in_force(household.community, month).context.rules
        result = eligibility.near_poverty(
            per_capita_income=means.per_capita_income,
            standard=means.standard,
            multiple=rules.near_poverty_multiple,
            assets_pass=assets_pass,
        )
    else:
        spending = rigid_spending_total(viewer if viewer is not None else CONSOLE, household, month)
        result = eligibility.rigid_expense(
            month,
            per_capita_income=means.per_capita_income,
            yearly_income=means.counted_income * 12,
            rigid_spending=spending,
            assets_pass=assets_pass,
            terms=found.terms,
        )
    return result, means


def recognition_grant(
    program: str, household: Household, start: datetime.date, means: Assessment, lines: list[dict[str, Any]]
) -> Grant:
    """What an approved recognition holds: no money, the household's covered persons, and its
    review when the validity ends."""
    found = program_in_force(household.community, start, program)
    terms = found.terms if found else {}
    until = eligibility.recognised_until(start, terms)
    return Grant(
        amount=Decimal("0.00"),
        persons=means.covered,
        urban_rural=means.urban_rural,
        standard=means.standard,
        per_capita_income=means.per_capita_income,
        next_review=add_months(until, 1),
        explanation=lines,
    )
