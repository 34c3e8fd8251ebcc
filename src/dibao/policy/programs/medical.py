"""医疗救助: how much of a treatment's in-policy personal cost the county pays — a pure function.

Like `engine.calculation` for 低保, nothing here reads the database or the clock: the caller loads
which programs the person held on the date of treatment (`held`), the county's terms in force
(`terms.TERMS[codes.MEDICAL]`), last year's per-capita disposable income (the figure the county
sets for 刚性支出) and what the person's earlier claims of the same calendar year already took,
and gets back the amount and the lines that explain it. A claim, the quote command and the
one-stop settlement import all call this one function, so they cannot disagree.

The steps, in order (POLICY.md §4 and §6, 国办发〔2021〕42号 as commonly implemented):
1. Category: the first of 特困, 低保, 低保边缘, 刚性支出困难 the person holds on the date of
   treatment; else impoverished by illness when the claim recognises it; else not eligible.
2. Deductible: the category's share of last year's per-capita disposable income (a share of 0
   waives it; chronic outpatient care pays none unless the county says so). It is met once a
   year: what earlier claims of the year met is not deducted again, and never more than the cost.
3. Share paid: the category's ratio, plus the serious-illness tier for a serious illness (at most
   the whole cost).
4. Amount: (cost − deducted) × share, to the fen (half up).
5. Annual cap: never more than the cap less what the year's earlier claims were paid.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..engine import explanation as ex
from ..engine.explanation import Line, Notes, term
from . import codes
from .terms import MEDICAL_ILLNESS

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
ONE = Decimal("1")

INPATIENT = "inpatient"
OUTPATIENT = "outpatient"
SERIOUS = "serious"
KINDS = (INPATIENT, OUTPATIENT, SERIOUS)
_KIND_WORDS = {INPATIENT: ex.MD_INPATIENT, OUTPATIENT: ex.MD_OUTPATIENT, SERIOUS: ex.MD_SERIOUS_KIND}

# The order a person holding several statuses is counted in: the most protected first.
STATUS_ORDER = (codes.EXTREME_POVERTY, codes.DIBAO, codes.NEAR_POVERTY, codes.RIGID_EXPENSE)


@dataclass(frozen=True)
class Year:
    """What the person's earlier claims of the calendar year already took."""

    paid: Decimal = ZERO
    deductible_met: Decimal = ZERO


@dataclass(frozen=True)
class MedicalResult:
    eligible: bool
    category: str  # a code of STATUS_ORDER, "illness", or "" when not eligible
    deductible: Decimal  # deducted from this claim's cost
    ratio: Decimal
    amount: Decimal
    cap_left: Decimal  # what the year's cap leaves after this amount
    lines: list[Line] = field(default_factory=list)


FIRST_CLAIM = Year()  # nothing taken yet this year


def category_of(held: set[str] | frozenset[str], illness: bool) -> str:
    held_first = next((code for code in STATUS_ORDER if code in held), "")
    return held_first or (MEDICAL_ILLNESS if illness else "")


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, ROUND_HALF_UP)


def calculate(
    *,
    held: set[str] | frozenset[str],
    illness: bool,
    treated_on: datetime.date,
    kind: str,
    cost: Decimal,
    terms: dict[str, Any],
    disposable_income: dict[str, Any],
    year: Year = Year(),
    explain: bool = True,
) -> MedicalResult:
    """The amount of one claim: `cost` is the in-policy personal cost after basic medical and
    serious-illness insurance; `terms` the medical terms in force; `disposable_income` by year."""
    notes = Notes(enabled=explain)
    cap = Decimal(str(terms["annual_cap"]))
    cap_before = max(ZERO, cap - year.paid)
    category = category_of(held, illness)
    if not category:
        notes(ex.MD_NO_STATUS, date=treated_on.isoformat())
        notes(ex.NOT_ELIGIBLE)
        return MedicalResult(False, "", ZERO, ZERO, ZERO, cap_before, notes.lines)
    word = term(ex.MD_CATEGORY[category])
    if category == MEDICAL_ILLNESS:
        notes(ex.MD_ILLNESS)
    else:
        notes(ex.MD_HOLDS, category=word, date=treated_on.isoformat())
    notes(ex.MD_COST, cost=_fen(cost), kind=term(_KIND_WORDS[kind]))

    # 2. The deductible, met once a year.
    share = Decimal(str(terms["deductible_share"][category]))
    deductible = ZERO
    if kind == OUTPATIENT and not terms["outpatient_deductible"]:
        notes(ex.MD_OUTPATIENT_WAIVED)
    elif share == 0:
        notes(ex.MD_WAIVED, category=word)
    else:
        last_year = str(treated_on.year - 1)
        income = disposable_income.get(last_year)
        if income is None:
            notes(ex.MD_NO_INCOME, year=last_year)
            notes(ex.NOT_ELIGIBLE)
            return MedicalResult(False, category, ZERO, ZERO, ZERO, cap_before, notes.lines)
        whole = _fen(Decimal(str(income)) * share)
        notes(ex.MD_DEDUCTIBLE, income=Decimal(str(income)), share=share, deductible=whole, year=last_year)
        deductible = min(max(ZERO, whole - year.deductible_met), cost)
        if year.deductible_met > 0 or deductible != whole:
            notes(ex.MD_DEDUCTIBLE_MET, met=min(year.deductible_met, whole), applied=deductible)

    # 3. The share paid, with the serious-illness tier.
    base = Decimal(str(terms["ratio"][category]))
    notes(ex.MD_RATIO, ratio=base, category=word)
    ratio = base
    if kind == SERIOUS:
        extra = Decimal(str(terms["serious_extra"]))
        ratio = min(ONE, base + extra)
        notes(ex.MD_SERIOUS, ratio=base, extra=extra, total=ratio)

    # 4. The amount, then 5. the cap.
    raw = _fen((cost - deductible) * ratio)
    notes(ex.MD_RAW, cost=_fen(cost), deducted=deductible, ratio=ratio, amount=raw)
    notes(ex.MD_CAP, cap=cap, paid=_fen(year.paid), year=treated_on.year, left=cap_before)
    amount = min(raw, cap_before)
    if amount < raw:
        notes(ex.MD_CAPPED, amount=amount)
    notes(ex.MD_AMOUNT, amount=amount)
    return MedicalResult(True, category, deductible, ratio, amount, cap_before - amount, notes.lines)
