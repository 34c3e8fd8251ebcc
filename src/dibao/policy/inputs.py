"""What the policy services take: a standard's and a rule set's data as a page, the API, a command
or the demo gives it, before `policy.validation` judges it.

Every key may be missing (a rule not given is the national default; a missing month is refused by
name), and a value is as typed or sent: text, or what a form field or serializer has parsed.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TypedDict

Amount = Decimal | str | None
Count = int | str | None
Flag = bool | str | None
Month = datetime.date | str | None


class StandardData(TypedDict, total=False):
    kind: str | None  # urban or rural
    amount: Amount  # yuan per person per month
    valid_from: Month
    valid_to: Month
    note: str | None


class AddOnData(TypedDict, total=False):
    criterion: str
    basis: str
    value: Amount


class RulesData(TypedDict, total=False):
    valid_from: Month
    note: str | None
    excluded_items: Sequence[str] | str | None  # income item codes; text: separated by commas
    deduction_basis: str | None
    deduction_value: Amount
    new_job_disregard_months: Count
    financial_asset_months: Count
    vehicle_rule: Flag
    max_homes: Count
    business_rule: Flag
    urban_benefit_mode: str | None
    rural_benefit_mode: str | None
    class_amounts: Mapping[str, Mapping[str, Amount]] | None  # urban/rural → class → yuan
    add_ons: Sequence[AddOnData] | None
    minimum_per_person: Amount
    rounding_unit: str | None
    rounding_method: str | None
    review_months_first: Count
    review_months_second: Count
    review_months_third: Count
    single_person_enabled: Flag
    near_poverty_multiple: Amount
    notice_days: Count
    decision_working_days: Count
    extension_working_days: Count
    appraisal_required: Flag
    street_decides: Flag
    gradual_exit_months: Count
    review_approval_threshold: Amount
    stop_month_pay: str | None
    resume_back_pay: Flag


class ProgramRulesData(TypedDict, total=False):
    """An area's terms for a program beside 低保 (`policy.programs.terms` reads `terms`)."""

    valid_from: Month
    enabled: Flag
    local_name: str | None
    terms: Mapping[str, object] | None  # term name → value as typed or sent
    note: str | None
