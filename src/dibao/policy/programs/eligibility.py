"""Who qualifies for each program beside 低保, and for how much: pure functions of the facts.

Like `engine.calculation` for 低保, nothing here reads the database: the caller loads the facts
(a member's age, disability and self-care; a household's counted income and whether its assets
pass, from the 低保 means test; which programs the household and a person's supporters already
hold) and the terms in force (`programs.in_force`), and gets back whether the person or household
qualifies, the monthly amount, and the lines that explain both — the same message ids as every
other explanation (`engine.explanation`), so a decision stored today reads in either language.

The rules are POLICY.md §4 and §6:
- 特困 (`extreme_poverty`): no work capacity, no livelihood, and no supporter able to support;
  basic living a multiple of the standard plus care by the level of care needed, at home or in an
  institution (which is paid to the institution).
- 低保边缘 (`near_poverty`) and 刚性支出 (`rigid_expense`): recognition of a household, no money.
- 困难残疾人生活补贴, 重度残疾人护理补贴, 高龄津贴: a person's fact (disability, age), an amount by
  grade or band; the two disability subsidies may be held together, and neither is income to 低保.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dibao.core.months import add_months
from dibao.registry.models import DisabilityType, care_level

from ..engine import explanation as ex
from ..engine.explanation import Line, choice_term
from ..engine.facts import MemberFacts
from . import codes

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Result:
    program: str
    eligible: bool
    amount: Decimal = ZERO
    lines: list[Line] = field(default_factory=list)
    # 特困 in an institution is paid to the institution, not the person.
    paid_to_institution: bool = False


def _money(value: Decimal) -> str:
    return f"{value.quantize(FEN, ROUND_HALF_UP)}"


def age_in_month(member: MemberFacts, month: datetime.date) -> int:
    """The age that counts for a month: reached by the end of the month before, so an allowance
    begins the month after the birthday."""
    return member.age_on(month.replace(day=1) - datetime.timedelta(days=1))


# ---- 特困人员救助供养 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Supporter:
    """A legal supporter (法定赡养、抚养、扶养义务人), inside or outside the household."""

    name: str
    able: bool  # has the capacity to support
    programs: frozenset[str] = frozenset()  # what the supporter receives


# A supporter who is himself in need cannot support: 特困, 低保 or 低保边缘 (POLICY.md §4).
_IN_NEED = frozenset({codes.EXTREME_POVERTY, codes.DIBAO, codes.NEAR_POVERTY})

# Disability that means no work capacity: type → the grades that do (POLICY.md §4).
NO_CAPACITY_GRADES = {
    DisabilityType.INTELLECTUAL: {1, 2, 3},
    DisabilityType.MENTAL: {1, 2, 3},
    DisabilityType.LIMB: {1, 2},
    DisabilityType.VISUAL: {1},
}


def no_work_capacity(member: MemberFacts, month: datetime.date, *, in_school: bool) -> Line | None:
    """The reason the person has no work capacity, or None."""
    age = age_in_month(member, month)
    if age >= 60:
        return Line(ex.TK_AGED, {"name": member.name, "age": age})
    if age < 16 or (in_school and age < 18):
        return Line(ex.TK_MINOR, {"name": member.name, "age": age})
    grades = NO_CAPACITY_GRADES.get(DisabilityType(member.disability_type or ""), set())
    if member.disability_grade in grades:
        return Line(
            ex.TK_DISABLED,
            {
                "name": member.name,
                "type": choice_term(DisabilityType(member.disability_type)),
                "grade": member.disability_grade,
            },
        )
    return None


def extreme_poverty(
    member: MemberFacts,
    month: datetime.date,
    *,
    standard: Decimal,
    monthly_income: Decimal,
    assets_pass: bool,
    supporters: list[Supporter],
    care_needed: str,
    institutional: bool,
    in_school: bool,
    terms: dict[str, Any],
) -> Result:
    """特困: no work capacity + no livelihood (own income below the standard, assets pass) + no
    able supporter; basic living × the standard, plus care by `care_needed` (full, partial, none)."""
    lines: list[Line] = []
    reasons: list[Line] = []
    capacity = no_work_capacity(member, month, in_school=in_school)
    if capacity is None:
        reasons.append(Line(ex.TK_CAN_WORK, {"name": member.name}))
    else:
        lines.append(capacity)
    if monthly_income >= standard:
        reasons.append(Line(ex.TK_INCOME, {"income": _money(monthly_income), "standard": _money(standard)}))
    if not assets_pass:
        reasons.append(Line(ex.TK_ASSETS))
    able = [s for s in supporters if s.able and not (s.programs & _IN_NEED)]
    if able:
        reasons.append(Line(ex.TK_SUPPORTER, {"names": "、".join(s.name for s in able)}))
    else:
        lines.append(Line(ex.TK_NO_SUPPORTER))
    if reasons:
        return Result(codes.EXTREME_POVERTY, False, ZERO, [*lines, *reasons, Line(ex.NOT_ELIGIBLE)])
    multiple = Decimal(terms["basic_multiple"])
    basic = (standard * multiple).quantize(FEN, ROUND_HALF_UP)
    lines.append(
        Line(ex.TK_BASIC, {"standard": _money(standard), "multiple": f"{multiple}", "amount": _money(basic)})
    )
    table = terms["care_institution"] if institutional else terms["care_home"]
    care = Decimal(table[care_needed])
    lines.append(
        Line(
            ex.TK_CARE,
            {
                "level": {"t": _CARE_LEVEL[care_needed]},
                "place": {"t": _PLACE[institutional]},
                "amount": _money(care),
            },
        )
    )
    amount = basic + care
    lines.append(Line(ex.PROGRAM_MONTHLY, {"amount": _money(amount)}))
    return Result(codes.EXTREME_POVERTY, True, amount, lines, paid_to_institution=institutional)


_CARE_LEVEL = {
    "full": ex.CARE_FULL,
    "partial": ex.CARE_PARTIAL,
    "none": ex.CARE_NONE,
}
_PLACE = {True: ex.INSTITUTIONAL, False: ex.AT_HOME}


def care_needed(activities_failed: int) -> str:
    """Care needed from the six activities of daily living (eating, dressing, getting in and out of
    bed, using the toilet, walking indoors, bathing): 4 or more not done alone is full care, 1 to 3
    partial, none self-caring (POLICY.md §4)."""
    # The register keeps the assessment and its level (`registry.models.CareAssessment`): one rule.
    return care_level(activities_failed)


# ---- 低保边缘家庭, 刚性支出困难家庭 -------------------------------------------------------------


def near_poverty(
    *, per_capita_income: Decimal, standard: Decimal, multiple: Decimal, assets_pass: bool
) -> Result:
    """Not eligible for 低保, per-capita income below `multiple` × the standard, assets pass."""
    limit = (standard * multiple).quantize(FEN, ROUND_HALF_UP)
    reasons = []
    if per_capita_income < standard:
        reasons.append(Line(ex.NP_DIBAO, {"income": _money(per_capita_income), "standard": _money(standard)}))
    elif per_capita_income >= limit:
        reasons.append(
            Line(
                ex.NP_ABOVE,
                {"income": _money(per_capita_income), "limit": _money(limit), "multiple": f"{multiple}"},
            )
        )
    if not assets_pass:
        reasons.append(Line(ex.TK_ASSETS))
    if reasons:
        return Result(codes.NEAR_POVERTY, False, ZERO, [*reasons, Line(ex.NOT_ELIGIBLE)])
    return Result(
        codes.NEAR_POVERTY,
        True,
        ZERO,
        [
            Line(
                ex.NP_WITHIN,
                {"income": _money(per_capita_income), "limit": _money(limit), "multiple": f"{multiple}"},
            )
        ],
    )


def rigid_expense(
    month: datetime.date,
    *,
    per_capita_income: Decimal,
    yearly_income: Decimal,
    rigid_spending: Decimal,
    assets_pass: bool,
    terms: dict[str, Any],
) -> Result:
    """Per-capita income below last year's local per-capita disposable income, assets pass, and
    rigid spending (medical after insurance, education, rehabilitation) over the last 12 months
    above a share of the household's income over them."""
    year = str(month.year - 1)
    line = terms["disposable_income"].get(year)
    if line is None:
        return Result(
            codes.RIGID_EXPENSE, False, ZERO, [Line(ex.GX_NO_LINE, {"year": year}), Line(ex.NOT_ELIGIBLE)]
        )
    monthly_line = (Decimal(line) / 12).quantize(FEN, ROUND_HALF_UP)
    share = Decimal(terms["expense_share"])
    reasons = []
    if per_capita_income >= monthly_line:
        reasons.append(
            Line(
                ex.GX_INCOME,
                {"income": _money(per_capita_income), "line": _money(monthly_line), "year": year},
            )
        )
    if not assets_pass:
        reasons.append(Line(ex.TK_ASSETS))
    threshold = (yearly_income * share).quantize(FEN, ROUND_HALF_UP)
    if rigid_spending <= threshold:
        reasons.append(
            Line(
                ex.GX_SPENDING_LOW,
                {"spending": _money(rigid_spending), "threshold": _money(threshold), "share": f"{share}"},
            )
        )
    if reasons:
        return Result(codes.RIGID_EXPENSE, False, ZERO, [*reasons, Line(ex.NOT_ELIGIBLE)])
    return Result(
        codes.RIGID_EXPENSE,
        True,
        ZERO,
        [
            Line(
                ex.GX_SPENDING,
                {"spending": _money(rigid_spending), "threshold": _money(threshold), "share": f"{share}"},
            )
        ],
    )


def recognised_until(start: datetime.date, terms: dict[str, Any]) -> datetime.date:
    """The last month a recognition (边缘, 刚性支出) holds: at most `validity_months` from its start."""
    return add_months(start.replace(day=1), int(terms["validity_months"]) - 1)


# ---- 残疾人两项补贴, 高龄津贴 -------------------------------------------------------------------


def disability_living(
    member: MemberFacts, *, household_programs: frozenset[str], terms: dict[str, Any]
) -> Result:
    """困难残疾人生活补贴: a disabled member of a 低保 household (or of a near-poverty one, where the
    county extends it), by grade."""
    if not member.disability_grade:
        return Result(codes.DISABILITY_LIVING, False, ZERO, [Line(ex.NOT_DISABLED, {"name": member.name})])
    allowed = {codes.DIBAO} | ({codes.NEAR_POVERTY} if terms["near_poverty_too"] else set())
    if not household_programs & allowed:
        key = ex.LIVING_NOT_DIBAO_OR_NEAR if terms["near_poverty_too"] else ex.LIVING_NOT_DIBAO
        return Result(codes.DISABILITY_LIVING, False, ZERO, [Line(key), Line(ex.NOT_ELIGIBLE)])
    amount = Decimal(terms["amount_by_grade"][str(member.disability_grade)])
    return Result(
        codes.DISABILITY_LIVING,
        True,
        amount,
        [
            Line(
                ex.BY_GRADE, {"name": member.name, "grade": member.disability_grade, "amount": _money(amount)}
            )
        ],
    )


def disability_care(member: MemberFacts, *, terms: dict[str, Any]) -> Result:
    """重度残疾人护理补贴: grade 1 or 2 of any disability; grade 3 or 4 of intellectual or mental
    disability where the county says so."""
    grade = member.disability_grade
    mental = member.disability_type in (DisabilityType.INTELLECTUAL, DisabilityType.MENTAL)
    if not grade:
        return Result(codes.DISABILITY_CARE, False, ZERO, [Line(ex.NOT_DISABLED, {"name": member.name})])
    if grade > 2 and not (mental and terms["mental_grades_3_4"]):
        return Result(
            codes.DISABILITY_CARE,
            False,
            ZERO,
            [Line(ex.CARE_NOT_SEVERE, {"name": member.name, "grade": grade})],
        )
    amount = Decimal(terms["amount_by_grade"][str(grade)])
    return Result(
        codes.DISABILITY_CARE,
        True,
        amount,
        [Line(ex.BY_GRADE, {"name": member.name, "grade": grade, "amount": _money(amount)})],
    )


def elderly_allowance(
    member: MemberFacts, month: datetime.date, *, low_income: bool, terms: dict[str, Any]
) -> Result:
    """高龄津贴: from the month after the birthday that reaches a band, that band's amount."""
    age = age_in_month(member, month)
    bands = [b for b in terms["age_bands"] if b["from_age"] <= age]
    if not bands:
        first = terms["age_bands"][0]["from_age"]
        return Result(
            codes.ELDERLY_ALLOWANCE,
            False,
            ZERO,
            [Line(ex.TOO_YOUNG, {"name": member.name, "age": age, "from": first})],
        )
    if terms["low_income_only"] and not low_income:
        return Result(codes.ELDERLY_ALLOWANCE, False, ZERO, [Line(ex.NOT_LOW_INCOME), Line(ex.NOT_ELIGIBLE)])
    band = bands[-1]
    amount = Decimal(band["amount"])
    return Result(
        codes.ELDERLY_ALLOWANCE,
        True,
        amount,
        [
            Line(
                ex.AGE_BAND,
                {"name": member.name, "age": age, "from": band["from_age"], "amount": _money(amount)},
            )
        ],
    )
