"""The lines an assessment explains itself with.

A line is a message id and its parameters, not rendered text: a result stored today is shown in
Chinese to a worker and in English to a reviewer tomorrow. Every message lives here, so that the
whole vocabulary of an explanation is in one place (and in the translation catalogue).
"""

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

_FEN = Decimal("0.01")

NO_MEMBERS = gettext_noop("The household has no members, so there is no one to cover.")
NO_STANDARD = gettext_noop("No dibao standard for %(kind)s households in %(area)s in %(month)s.")
NOT_A_MEMBER = gettext_noop(
    "The person chosen for single-person inclusion is not a member of this household."
)
NO_CLASS_AMOUNT = gettext_noop("The policy in force has no amount for class %(cls)s.")
WHOLE_HOUSEHOLD = gettext_noop("Whole household")
SINGLE_DISABLED = gettext_noop("Single-person inclusion is not allowed by the policy in force.")
INCOME_TOO_LARGE = gettext_noop(
    "The per-capita income, %(amount)s yuan, is more than any income can be (%(max)s): check the "
    "household's incomes."
)

STANDARD = gettext_noop(
    "Standard: %(amount)s yuan per person per month (%(kind)s, set by %(area)s from %(since)s)."
)
COVERED = gettext_noop("Covered members: %(n)s.")
SINGLE = gettext_noop("Single-person inclusion: %(name)s is assessed as a household of one.")
INCOME_COUNTED = gettext_noop("%(who)s: %(label)s %(amount)s yuan counted.")
INCOME_EXCLUDED = gettext_noop("%(who)s: %(label)s %(amount)s yuan not counted (excluded by policy).")
INCOME_DISREGARDED = gettext_noop(
    "%(who)s: %(label)s %(amount)s yuan not counted (new job, month %(k)s of %(n)s not counted)."
)
DEDUCTION = gettext_noop("%(who)s: employment cost %(amount)s yuan deducted.")
NO_INCOME = gettext_noop("No counted income.")
HOUSEHOLD_INCOME = gettext_noop("Counted household income: %(amount)s yuan per month.")
PER_CAPITA = gettext_noop("Per-capita income: %(total)s ÷ %(n)s = %(amount)s yuan.")
ABOVE_STANDARD = gettext_noop(
    "Per-capita income %(income)s yuan is not below the standard %(standard)s yuan."
)
FINANCIAL_ASSETS = gettext_noop(
    "Deposits and securities %(value)s yuan exceed the limit of %(limit)s yuan "
    "(%(months)s months of the standard for %(n)s persons)."
)
VEHICLE = gettext_noop("The household owns a motor vehicle that no disabled member needs.")
HOMES = gettext_noop("The household owns %(count)s homes; at most %(max)s allowed.")
BUSINESS = gettext_noop("The household has a registered business.")
SINGLE_NOT_QUALIFIED = gettext_noop(
    "%(name)s does not qualify for single-person inclusion "
    "(an adult with disability grade 1–2, intellectual or mental disability grade 3, or a serious illness)."
)
SINGLE_ABOVE_NEAR_POVERTY = gettext_noop(
    "The household's per-capita income %(income)s yuan is not below %(limit)s yuan "
    "(%(multiple)s times the standard), so single-person inclusion does not apply."
)
ASSETS_PASS = gettext_noop("Assets within the limits.")
ELIGIBLE = gettext_noop("Eligible: per-capita income below the standard and assets within the limits.")
NOT_ELIGIBLE = gettext_noop("Not eligible.")
GAP = gettext_noop("Gap: %(standard)s − %(income)s = %(gap)s yuan per person.")
GAP_AMOUNT = gettext_noop("Gap × covered members: %(gap)s × %(n)s = %(amount)s yuan.")
CLASS_MEMBER = gettext_noop("%(who)s: class %(cls)s, %(amount)s yuan.")
CLASS_TOTAL = gettext_noop("Class amounts: %(amount)s yuan.")
ADD_ON = gettext_noop("%(who)s: add-on for %(criterion)s, %(amount)s yuan.")
MINIMUM = gettext_noop("Raised to the minimum of %(per_person)s yuan per person: %(amount)s yuan.")
ROUNDED = gettext_noop("Rounding (%(unit)s, %(method)s): %(before)s → %(amount)s yuan.")
MONTHLY = gettext_noop("Monthly benefit: %(amount)s yuan.")
MANAGEMENT = gettext_noop("Management class %(cls)s: reviewed every %(months)s months, next by %(next)s.")


# The programs beside dibao (`policy.programs.eligibility`).
TK_AGED = gettext_noop("%(name)s is %(age)s: no work capacity (60 or over).")
TK_MINOR = gettext_noop("%(name)s is %(age)s: no work capacity (under 16, or under 18 while in school).")
TK_DISABLED = gettext_noop("%(name)s: %(type)s disability, grade %(grade)s: no work capacity.")
TK_CAN_WORK = gettext_noop(
    "%(name)s has work capacity: of working age and not disabled to a degree that rules work out."
)
TK_INCOME = gettext_noop("Own income %(income)s yuan a month is not below the standard %(standard)s yuan.")
TK_ASSETS = gettext_noop("The assets exceed the limits.")
TK_SUPPORTER = gettext_noop("A legal supporter is able to support: %(names)s.")
TK_NO_SUPPORTER = gettext_noop("No legal supporter is able to support.")
TK_BASIC = gettext_noop("Basic living: %(standard)s × %(multiple)s = %(amount)s yuan.")
PROGRAM_MONTHLY = gettext_noop("Monthly amount: %(amount)s yuan.")
TK_CARE = gettext_noop("Care (%(level)s, %(place)s): %(amount)s yuan.")
CARE_FULL = gettext_noop("full care needed")
CARE_PARTIAL = gettext_noop("partial care needed")
CARE_NONE = gettext_noop("self-caring")
INSTITUTIONAL = gettext_noop("in an institution")
AT_HOME = gettext_noop("at home")
NP_DIBAO = gettext_noop(
    "Per-capita income %(income)s yuan is below the standard %(standard)s yuan: the household "
    "qualifies for dibao instead."
)
NP_ABOVE = gettext_noop(
    "Per-capita income %(income)s yuan is not below %(limit)s yuan (%(multiple)s times the standard)."
)
NP_WITHIN = gettext_noop(
    "Per-capita income %(income)s yuan is at or above the standard and below %(limit)s yuan "
    "(%(multiple)s times the standard)."
)
GX_NO_LINE = gettext_noop("No per-capita disposable income is set for %(year)s.")
GX_INCOME = gettext_noop(
    "Per-capita income %(income)s yuan a month is not below %(line)s yuan (the per-capita "
    "disposable income of %(year)s ÷ 12)."
)
GX_SPENDING_LOW = gettext_noop(
    "Rigid spending of %(spending)s yuan in the last 12 months is not above %(threshold)s yuan "
    "(%(share)s of the income)."
)
GX_SPENDING = gettext_noop(
    "Rigid spending of %(spending)s yuan in the last 12 months is above %(threshold)s yuan "
    "(%(share)s of the income)."
)
NOT_DISABLED = gettext_noop("%(name)s has no disability grade on record.")
LIVING_NOT_DIBAO = gettext_noop("The household does not receive dibao.")
LIVING_NOT_DIBAO_OR_NEAR = gettext_noop("The household is neither a dibao nor a near-poverty household.")
BY_GRADE = gettext_noop("%(name)s, disability grade %(grade)s: %(amount)s yuan a month.")
CARE_NOT_SEVERE = gettext_noop(
    "%(name)s: disability grade %(grade)s is not severe enough for the care subsidy (grade 1 or 2)."
)
TOO_YOUNG = gettext_noop("%(name)s is %(age)s; the allowance begins the month after turning %(from)s.")
NOT_LOW_INCOME = gettext_noop("Here the allowance is only for low-income elderly, and this household is not.")
AGE_BAND = gettext_noop("%(name)s is %(age)s: the band from %(from)s, %(amount)s yuan a month.")

# 医疗救助 (`policy.programs.medical`).
MD_HOLDS = gettext_noop("Holds %(category)s on %(date)s.")
MD_ILLNESS = gettext_noop("Recognised as impoverished by illness on this claim.")
MD_NO_STATUS = gettext_noop(
    "Holds none of dibao, extreme poverty, near poverty or rigid expense on %(date)s, and is not "
    "recognised as impoverished by illness."
)
MD_COST = gettext_noop("In-policy personal cost after insurance: %(cost)s yuan (%(kind)s).")
MD_NO_INCOME = gettext_noop(
    "No per-capita disposable income is set for %(year)s, so the deductible cannot be worked out."
)
MD_WAIVED = gettext_noop("Deductible waived for %(category)s.")
MD_OUTPATIENT_WAIVED = gettext_noop("No deductible for chronic outpatient care.")
MD_DEDUCTIBLE = gettext_noop(
    "Deductible: %(income)s × %(share)s = %(deductible)s yuan (per-capita disposable income of %(year)s)."
)
MD_DEDUCTIBLE_MET = gettext_noop(
    "Of it %(met)s yuan was met by earlier claims this year; %(applied)s yuan is deducted here."
)
MD_RATIO = gettext_noop("Share paid: %(ratio)s for %(category)s.")
MD_SERIOUS = gettext_noop("Serious illness: %(ratio)s + %(extra)s = %(total)s.")
MD_RAW = gettext_noop("(%(cost)s − %(deducted)s) × %(ratio)s = %(amount)s yuan.")
MD_CAP = gettext_noop("Annual cap %(cap)s yuan, %(paid)s yuan already paid in %(year)s: %(left)s yuan left.")
MD_CAPPED = gettext_noop("Limited to the cap left: %(amount)s yuan.")
MD_AMOUNT = gettext_noop("Medical assistance: %(amount)s yuan.")
MD_INPATIENT = gettext_noop("inpatient")
MD_OUTPATIENT = gettext_noop("chronic outpatient")
MD_SERIOUS_KIND = gettext_noop("serious illness")
MD_CATEGORY = {
    "extreme_poverty": gettext_noop("extreme poverty (特困)"),
    "dibao": gettext_noop("dibao (低保)"),
    "near_poverty": gettext_noop("near poverty (低保边缘)"),
    "rigid_expense": gettext_noop("rigid expense (刚性支出困难)"),
    "illness": gettext_noop("impoverished by illness (因病致贫)"),
}


def term(word: str) -> dict[str, str]:
    """A parameter that is itself a word to translate when shown (a message id)."""
    return {"t": word}


@functools.cache
def _choice_msgid(choices: type[models.Choices], value: str) -> str:
    with translation.override(None):  # no language: a lazy label gives its message id
        return str(choices(value).label)


def choice_term(choice: models.Choices) -> dict[str, str]:
    """A choice's label as a word to translate when shown ("Wages", "Urban")."""
    # Keyed by the class as well: IncomeKind.OTHER and IncomeItem.OTHER are both "other".
    return {"t": _choice_msgid(type(choice), choice.value)}


def _param(value: Any) -> Any:
    return gettext(value["t"]) if isinstance(value, dict) else value


@dataclass(frozen=True)
class Line:
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        text = gettext(self.message)
        return text % {k: _param(v) for k, v in self.params.items()} if self.params else text

    def as_json(self) -> dict[str, Any]:
        return {"message": self.message, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Line":
        return cls(data["message"], data.get("params") or {})


def _shown(value: Any) -> Any:
    return f"{value.quantize(_FEN)}" if isinstance(value, Decimal) else value


class Notes:
    """The lines of one calculation, in order. `Notes(enabled=False)` keeps none, for the batch
    paths ("what if") that need only the amounts: parameters are formatted only when kept."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.lines: list[Line] = []

    def __call__(self, message: str, **params: Any) -> None:
        if self.enabled:
            self.lines.append(Line(message, {k: _shown(v) for k, v in params.items()}))

    def extend(self, lines: list[Line]) -> None:
        if self.enabled:
            self.lines.extend(lines)


def render(lines: list[Line]) -> list[str]:
    return [line.render() for line in lines]
