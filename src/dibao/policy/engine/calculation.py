"""The means test and the benefit, as one pure function of facts and policy.

Order of the calculation (each step adds its explanation line):
1. covered members — everyone in the household, or the one person of a single-person inclusion;
2. income — each record counted, excluded (an item the policy leaves out) or disregarded (wages
   from a job begun fewer than N months ago); employment costs deducted per employed member;
3. per-capita income = counted income ÷ covered members, to the fen (half up); one larger than any
   single income can be is no household's real income (a typing error in its records) and is not
   assessed: stored with the result it could not be held;
4. eligibility — per-capita income below the standard, and every asset rule passed;
5. amount — the gap (standard − per-capita income) × covered members, or class amounts, or both;
   plus add-ons per qualifying member; raised to the minimum per person; rounded as the policy says;
6. management class and next review date.
Amounts are Decimal throughout; nothing here reads the database or the clock. `calculate` is
`count` (everything the standard does not touch) then `settle` (the rest), so that "what if"
counts a household once and settles it under two standards.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from dibao.core.errors import DomainError
from dibao.core.money import largest
from dibao.core.months import add_months, months_between
from dibao.registry.models import (
    AssetKind,
    DisabilityType,
    Employment,
    Health,
    Income,
    IncomeItem,
    IncomeKind,
    LabourCapacity,
    UrbanRural,
)

from ..models import (
    AddOnBasis,
    AddOnCriterion,
    BenefitClass,
    BenefitMode,
    DeductionBasis,
    ManagementClass,
    RoundingMethod,
    RoundingUnit,
    Rules,
)
from . import explanation as ex
from .context import PolicyContext
from .facts import HouseholdFacts, MemberFacts

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
_CLASS_ORDER = {BenefitClass.A: 0, BenefitClass.B: 1, BenefitClass.C: 2}


# The largest per-capita income a result keeps (Entitlement and RecalculationLine hold the same
# digits as an income record): the income column's own limit.
PER_CAPITA_LIMIT = largest(Income._meta.get_field("amount"))


class NotAssessable(DomainError):
    """The household cannot be assessed at all (no one to cover, no standard): says why."""

    def __init__(self, line: ex.Line) -> None:
        self.line = line
        super().__init__(line.render(), code="not_assessable")


@dataclass
class MemberIncome:
    member_id: int | None
    name: str
    counted: Decimal = ZERO
    excluded: Decimal = ZERO
    disregarded: Decimal = ZERO
    deduction: Decimal = ZERO


@dataclass
class Assessment:
    household_id: int
    month: datetime.date
    eligible: bool
    reasons: list[ex.Line]
    covered: int
    urban_rural: str
    standard: Decimal
    standard_area: str
    rules_area: str | None
    incomes: list[MemberIncome]
    counted_income: Decimal
    excluded_income: Decimal
    deductions: Decimal
    per_capita_income: Decimal
    gap: Decimal
    benefit_class: str
    member_classes: dict[int, str]
    add_ons: Decimal
    before_rounding: Decimal
    monthly_amount: Decimal
    management_class: str
    review_months: int
    next_review: datetime.date
    single_member_id: int | None = None
    lines: list[ex.Line] = field(default_factory=list)


def _money(value: Decimal) -> str:
    return f"{value.quantize(FEN)}"


def member_class(member: MemberFacts, on: datetime.date) -> str:
    """Benefit class of one person (分类施保): A the hardest pressed, C able to work."""
    age = member.age_on(on)
    if (
        member.labour_capacity == LabourCapacity.NONE
        or member.disability_grade in (1, 2)
        or member.health == Health.SERIOUS
    ):
        return BenefitClass.A
    if (
        age >= 60
        or age < 18
        or member.employment == Employment.STUDENT
        or member.labour_capacity == LabourCapacity.PARTIAL
        or member.health == Health.CHRONIC
        or member.disability_grade in (3, 4)
    ):
        return BenefitClass.B
    return BenefitClass.C


def management_class(members: list[MemberFacts], on: datetime.date) -> str:
    """一类 stable: no working-age member able to work; 三类: a working-age member able to work
    fully but without a steady job; 二类 otherwise."""
    working_age = [m for m in members if 18 <= m.age_on(on) < 60]
    unsteady = (Employment.UNEMPLOYED, Employment.FLEXIBLE, Employment.NONE)
    if any(m.labour_capacity == LabourCapacity.FULL and m.employment in unsteady for m in working_age):
        return ManagementClass.THIRD
    if not any(m.labour_capacity in (LabourCapacity.FULL, LabourCapacity.PARTIAL) for m in working_age):
        return ManagementClass.FIRST
    return ManagementClass.SECOND


def review_months(rules: Rules, cls: str) -> int:
    return {
        ManagementClass.FIRST: rules.review_months_first,
        ManagementClass.SECOND: rules.review_months_second,
        ManagementClass.THIRD: rules.review_months_third,
    }[ManagementClass(cls)]


def qualifies_alone(member: MemberFacts, on: datetime.date) -> bool:
    """单人保 (POLICY.md §2): an adult with disability grade 1–2, grade 3 intellectual or mental, or a
    serious illness."""
    if member.age_on(on) < 18:
        return False
    return (
        member.disability_grade in (1, 2)
        or (
            member.disability_grade == 3
            and member.disability_type in (DisabilityType.INTELLECTUAL, DisabilityType.MENTAL)
        )
        or member.health == Health.SERIOUS
    )


def _add_on_applies(criterion: str, member: MemberFacts, on: datetime.date) -> bool:
    age = member.age_on(on)
    return {
        AddOnCriterion.AGE_70: 70 <= age < 80,
        AddOnCriterion.AGE_80: age >= 80,
        AddOnCriterion.SEVERE_DISABILITY: member.disability_grade in (1, 2),
        AddOnCriterion.SERIOUS_ILLNESS: member.health == Health.SERIOUS,
        AddOnCriterion.MINOR: age < 18,
        AddOnCriterion.STUDENT: member.employment == Employment.STUDENT,
    }[AddOnCriterion(criterion)]


def round_amount(amount: Decimal, rules: Rules) -> Decimal:
    unit = Decimal(rules.rounding_unit)
    method = ROUND_CEILING if rules.rounding_method == RoundingMethod.UP else ROUND_HALF_UP
    return _rounded(amount, unit, method)


def _rounded(amount: Decimal, unit: Decimal, method: str) -> Decimal:
    return (amount / unit).quantize(Decimal(1), rounding=method) * unit


def class_amount(rules: Rules, urban_rural: str, cls: str) -> Decimal:
    try:
        return Decimal(str(rules.class_amounts[urban_rural][cls]))
    except (KeyError, TypeError) as exc:  # validation refuses such rules; an old row may still lack one
        raise NotAssessable(ex.Line(ex.NO_CLASS_AMOUNT, {"cls": cls})) from exc


def _income(
    facts: HouseholdFacts,
    covered: list[MemberFacts],
    rules: Rules,
    month: datetime.date,
    say: ex.Notes,
) -> tuple[list[MemberIncome], dict[int | None, Decimal]]:
    """Step 2: each income record counted, excluded or disregarded; with the wages counted, by
    member, that employment costs are deducted from (`_deduct`)."""
    names: dict[int | None, str] = {m.id: m.name for m in covered}
    alone = len(covered) < len(facts.members)
    excluded_items = set(rules.excluded_items or [])
    rows: dict[int | None, MemberIncome] = {}
    wages: dict[int | None, Decimal] = {}
    for income in facts.incomes:
        if income.member_id is not None and income.member_id not in names:
            continue  # another member's income, outside a single-person inclusion
        if income.member_id is None and alone:
            continue  # the household's shared income is not the one person's
        row = rows.setdefault(
            income.member_id, MemberIncome(income.member_id, names.get(income.member_id, ""))
        )
        # The words of a line only when lines are kept: "what if" calculates a province twice.
        params = (
            {
                "who": row.name or ex.term(ex.WHOLE_HOUSEHOLD),
                "label": ex.choice_term(IncomeItem(income.item) if income.item else IncomeKind(income.kind)),
                "amount": income.amount,
            }
            if say.enabled
            else {}
        )
        months_in = months_between(income.month_from, month)
        if income.item and income.item in excluded_items:
            row.excluded += income.amount
            say(ex.INCOME_EXCLUDED, **params)
        elif income.kind == IncomeKind.WAGE and months_in < rules.new_job_disregard_months:
            row.disregarded += income.amount
            say(ex.INCOME_DISREGARDED, **params, k=months_in + 1, n=rules.new_job_disregard_months)
        else:
            row.counted += income.amount
            if income.kind == IncomeKind.WAGE:
                wages[income.member_id] = wages.get(income.member_id, ZERO) + income.amount
            say(ex.INCOME_COUNTED, **params)
    return list(rows.values()), wages


def _deduct(
    rows: list[MemberIncome],
    wages: dict[int | None, Decimal],
    rules: Rules,
    standard: Decimal | None,
    say: ex.Notes,
) -> list[MemberIncome]:
    """Step 2b: employment costs deducted per employed member. The rows are copied, never changed:
    rows counted once serve the calculation under two standards. `standard` is read only when the
    deduction is a share of it."""
    if rules.deduction_basis == DeductionBasis.NONE or not wages:
        return rows
    basis = DeductionBasis(rules.deduction_basis)
    value = Decimal(rules.deduction_value)
    by_member = {r.member_id: r for r in rows}
    deducted: dict[int | None, MemberIncome] = {}
    for member_id, wage in wages.items():
        if member_id is None or wage <= 0:
            continue
        if basis == DeductionBasis.SHARE_OF_WAGE:
            deduction = wage * value / HUNDRED
        elif basis == DeductionBasis.SHARE_OF_STANDARD:
            assert standard is not None
            deduction = standard * value / HUNDRED
        else:
            deduction = value
        row = deducted[member_id] = replace(
            by_member[member_id], deduction=min(deduction, wage).quantize(FEN, ROUND_HALF_UP)
        )
        say(ex.DEDUCTION, who=row.name, amount=row.deduction)
    return [deducted.get(r.member_id, r) for r in rows]


def _per_capita(incomes: list[MemberIncome], n: int) -> tuple[Decimal, Decimal]:
    total = sum((r.counted - r.deduction for r in incomes), ZERO)
    return total, (total / n).quantize(FEN, ROUND_HALF_UP)


def _other_asset_reasons(facts: HouseholdFacts, rules: Rules) -> list[ex.Line]:
    """Step 4b without the deposits (whose limit is months of the standard): every asset rule
    that is switched on and fails, as a reason."""
    reasons: list[ex.Line] = []
    if rules.vehicle_rule:
        disabled = {m.id for m in facts.members if m.disability_grade}
        for asset in facts.assets:
            needed = asset.member_id in disabled if asset.member_id else bool(disabled)
            if asset.kind == AssetKind.VEHICLE and not needed:
                reasons.append(ex.Line(ex.VEHICLE))
                break
    homes = sum(1 for a in facts.assets if a.kind == AssetKind.PROPERTY)
    if rules.max_homes is not None and homes > rules.max_homes:
        reasons.append(ex.Line(ex.HOMES, {"count": homes, "max": rules.max_homes}))
    if rules.business_rule and any(a.kind == AssetKind.BUSINESS for a in facts.assets):
        reasons.append(ex.Line(ex.BUSINESS))
    return reasons


@dataclass
class Paying:
    """What the amount of an eligible household adds up, besides the gap: read from the rules once."""

    mode: str
    class_amounts: list[Decimal]  # per covered member, in order (empty when the mode has none)
    class_total: Decimal
    add_ons: list[tuple[dict, Decimal, list[MemberFacts]]]  # each add-on, its value, who has it
    floor: Decimal
    unit: Decimal
    method: str


@dataclass
class Counted:
    """A household's calculation as far as no standard reaches: who is covered, the income counted
    (and employment costs, unless they are a share of the standard), the per-capita income, the
    asset rules other than deposits, benefit and management classes. `settle` finishes it under a
    standard; `calculate` is the two in a row, and "what if" counts once and settles twice."""

    facts: HouseholdFacts
    rules: Rules
    month: datetime.date
    notes: ex.Notes  # the lines so far, when explained
    problem: ex.Line | None = None  # why it cannot be assessed, said once a standard is found
    single_member_id: int | None = None
    covered: list[MemberFacts] = field(default_factory=list)
    alone_reasons: list[ex.Line] = field(default_factory=list)
    household_income: tuple[list[MemberIncome], dict[int | None, Decimal]] | None = None
    household_pci: Decimal | None = None  # None: to be worked out under the standard
    incomes: list[MemberIncome] = field(default_factory=list)
    wages: dict[int | None, Decimal] = field(default_factory=dict)
    total: Decimal | None = None  # None (with pci): deductions are a share of the standard
    pci: Decimal | None = None
    counted_income: Decimal = ZERO
    excluded_income: Decimal = ZERO
    financial: Decimal = ZERO
    other_asset_reasons: list[ex.Line] = field(default_factory=list)
    classes: dict[int, str] = field(default_factory=dict)
    household_class: str = ""
    management_class: str = ""
    review_months: int = 0
    next_review: datetime.date | None = None
    _paying: Paying | None = None

    def paying(self) -> Paying:
        """Read only for an eligible household, as the single calculation always did: a class
        amount missing from old rules makes only an eligible household not assessable."""
        if self._paying is None:
            rules, kind = self.rules, self.facts.urban_rural
            mode = rules.benefit_mode(kind)
            amounts: list[Decimal] = []
            total = ZERO
            if mode in (BenefitMode.CLASS, BenefitMode.GAP_PLUS_CLASS):
                for member in self.covered:
                    each = class_amount(rules, kind, self.classes[member.id])
                    amounts.append(each)
                    total += each
            add_ons = [
                (
                    add_on,
                    Decimal(str(add_on["value"])),
                    [m for m in self.covered if _add_on_applies(add_on["criterion"], m, self.month)],
                )
                for add_on in rules.add_ons or []
            ]
            self._paying = Paying(
                mode=mode,
                class_amounts=amounts,
                class_total=total,
                add_ons=add_ons,
                floor=Decimal(rules.minimum_per_person) * len(self.covered),
                unit=Decimal(rules.rounding_unit),
                method=ROUND_CEILING if rules.rounding_method == RoundingMethod.UP else ROUND_HALF_UP,
            )
        return self._paying


def count(
    facts: HouseholdFacts,
    rules: Rules,
    month: datetime.date,
    *,
    single_member_id: int | None = None,
    explain: bool = True,
) -> Counted:
    """Everything of the calculation the standard does not touch (steps 1–3 and classes); never
    raises: what makes a household not assessable is kept and said by `settle`."""
    month = month.replace(day=1)
    say = ex.Notes(explain)
    result = Counted(facts=facts, rules=rules, month=month, notes=say, single_member_id=single_member_id)
    if not facts.members:
        result.problem = ex.Line(ex.NO_MEMBERS)
        return result
    covered = facts.members
    by_standard = rules.deduction_basis == DeductionBasis.SHARE_OF_STANDARD
    if single_member_id is not None:
        person = next((m for m in facts.members if m.id == single_member_id), None)
        if person is None:
            result.problem = ex.Line(ex.NOT_A_MEMBER)
            return result
        if not rules.single_person_enabled:
            result.problem = ex.Line(ex.SINGLE_DISABLED)
            return result
        # The near-poverty test reads the whole household, before it is narrowed to one person.
        quiet = ex.Notes(enabled=False)
        result.household_income = _income(facts, facts.members, rules, month, quiet)
        if not by_standard:
            rows, wages = result.household_income
            _, result.household_pci = _per_capita(
                _deduct(rows, wages, rules, None, quiet), len(facts.members)
            )
        if not qualifies_alone(person, month):
            result.alone_reasons.append(ex.Line(ex.SINGLE_NOT_QUALIFIED, {"name": person.name}))
        covered = [person]
        say(ex.SINGLE, name=person.name)
    n = len(covered)
    result.covered = covered
    say(ex.COVERED, n=n)

    incomes, result.wages = _income(facts, covered, rules, month, say)
    if not by_standard:
        incomes = _deduct(incomes, result.wages, rules, None, say)
        result.total, result.pci = _per_capita(incomes, n)
    result.incomes = incomes
    result.counted_income = sum((r.counted for r in incomes), ZERO)
    result.excluded_income = sum((r.excluded + r.disregarded for r in incomes), ZERO)
    result.financial = sum(
        (a.value for a in facts.assets if a.kind in (AssetKind.DEPOSIT, AssetKind.SECURITIES)), ZERO
    )
    result.other_asset_reasons = _other_asset_reasons(facts, rules)
    result.classes = classes = {m.id: member_class(m, month) for m in covered}
    result.household_class = min(classes.values(), key=lambda c: _CLASS_ORDER[BenefitClass(c)])
    result.management_class = management_class(covered, month)
    result.review_months = review_months(rules, result.management_class)
    result.next_review = add_months(month, result.review_months)
    return result


def settle(counted: Counted, context: PolicyContext) -> Assessment:
    """The rest of the calculation, under the standard of `context` (whose rules must be the ones
    counted with). Raises `NotAssessable`; explains itself when the counting did."""
    facts, rules, month = counted.facts, counted.rules, counted.month
    say = ex.Notes(counted.notes.enabled)
    used = context.standards.get(facts.urban_rural)
    if used is None:
        raise NotAssessable(
            ex.Line(
                ex.NO_STANDARD,
                {
                    "kind": ex.choice_term(UrbanRural(facts.urban_rural)),
                    "area": context.area_name,
                    "month": f"{month:%Y-%m}",
                },
            )
        )
    standard = used.amount
    if counted.problem is not None:
        raise NotAssessable(counted.problem)
    if say.enabled:
        say(
            ex.STANDARD,
            amount=standard,
            kind=ex.choice_term(UrbanRural(facts.urban_rural)),
            area=used.area_name,
            since=f"{used.valid_from:%Y-%m}",
        )
        say.extend(counted.notes.lines)
    reasons = list(counted.alone_reasons)
    if counted.single_member_id is not None:
        household_pci = counted.household_pci
        if household_pci is None:
            assert counted.household_income is not None
            rows, wages = counted.household_income
            quiet = ex.Notes(enabled=False)
            _, household_pci = _per_capita(_deduct(rows, wages, rules, standard, quiet), len(facts.members))
        limit = (standard * Decimal(str(rules.near_poverty_multiple))).quantize(FEN, ROUND_HALF_UP)
        if household_pci >= limit:
            reasons.append(
                ex.Line(
                    ex.SINGLE_ABOVE_NEAR_POVERTY,
                    {
                        "income": _money(household_pci),
                        "limit": _money(limit),
                        "multiple": f"{rules.near_poverty_multiple}",
                    },
                )
            )
    covered = counted.covered
    n = len(covered)
    incomes, total, pci = counted.incomes, counted.total, counted.pci
    if total is None or pci is None:  # deductions a share of the standard
        incomes = _deduct(incomes, counted.wages, rules, standard, say)
        total, pci = _per_capita(incomes, n)
    if pci > PER_CAPITA_LIMIT:
        raise NotAssessable(
            ex.Line(ex.INCOME_TOO_LARGE, {"amount": _money(pci), "max": _money(PER_CAPITA_LIMIT)})
        )
    if say.enabled:
        if not incomes:
            say(ex.NO_INCOME)
        say(ex.HOUSEHOLD_INCOME, amount=total)
        say(ex.PER_CAPITA, total=total, n=n, amount=pci)

    if pci >= standard:
        reasons.append(ex.Line(ex.ABOVE_STANDARD, {"income": _money(pci), "standard": _money(standard)}))
    asset_reasons = counted.other_asset_reasons
    if rules.financial_asset_months is not None:
        limit = standard * rules.financial_asset_months * n
        if counted.financial > limit:
            financial = ex.Line(
                ex.FINANCIAL_ASSETS,
                {
                    "value": _money(counted.financial),
                    "limit": _money(limit),
                    "months": rules.financial_asset_months,
                    "n": n,
                },
            )
            asset_reasons = [financial, *asset_reasons]
    reasons.extend(asset_reasons)
    if not asset_reasons:
        say(ex.ASSETS_PASS)
    eligible = not reasons

    gap = max(standard - pci, ZERO)
    add_ons = ZERO
    before = amount = ZERO
    if eligible:
        say(ex.ELIGIBLE)
        paying = counted.paying()
        if paying.mode in (BenefitMode.GAP, BenefitMode.GAP_PLUS_CLASS):
            before = gap * n
            say(ex.GAP, standard=standard, income=pci, gap=gap)
            say(ex.GAP_AMOUNT, gap=gap, n=n, amount=before)
        if paying.mode in (BenefitMode.CLASS, BenefitMode.GAP_PLUS_CLASS):
            if say.enabled:
                for member, each in zip(covered, paying.class_amounts, strict=True):
                    say(ex.CLASS_MEMBER, who=member.name, cls=counted.classes[member.id], amount=each)
            before += paying.class_total
            say(ex.CLASS_TOTAL, amount=paying.class_total)
        for add_on, value, having in paying.add_ons:
            each = (
                value
                if add_on["basis"] == AddOnBasis.FIXED
                else (standard * value / HUNDRED).quantize(FEN, ROUND_HALF_UP)
            )
            for member in having:
                add_ons += each
                if say.enabled:
                    label = ex.choice_term(AddOnCriterion(add_on["criterion"]))
                    say(ex.ADD_ON, who=member.name, criterion=label, amount=each)
        before += add_ons
        if before < paying.floor:
            before = paying.floor
            say(ex.MINIMUM, per_person=Decimal(rules.minimum_per_person), amount=paying.floor)
        amount = _rounded(before, paying.unit, paying.method)
        if amount != before and say.enabled:
            say(
                ex.ROUNDED,
                method=ex.choice_term(RoundingMethod(rules.rounding_method)),
                unit=ex.choice_term(RoundingUnit(rules.rounding_unit)),
                before=before,
                amount=amount,
            )
        say(ex.MONTHLY, amount=amount)
    else:
        say(ex.NOT_ELIGIBLE)
        say.extend(reasons)

    assert counted.next_review is not None
    if say.enabled:
        say(
            ex.MANAGEMENT,
            cls=counted.management_class,
            months=counted.review_months,
            next=f"{counted.next_review:%Y-%m-%d}",
        )
    return Assessment(
        household_id=facts.id,
        month=month,
        eligible=eligible,
        reasons=reasons,
        covered=n,
        urban_rural=facts.urban_rural,
        standard=standard,
        standard_area=used.area_name,
        rules_area=context.rules_area,
        incomes=incomes,
        counted_income=counted.counted_income,
        excluded_income=counted.excluded_income,
        deductions=sum((r.deduction for r in incomes), ZERO),
        per_capita_income=pci,
        gap=gap if eligible else ZERO,
        benefit_class=counted.household_class,
        member_classes=counted.classes,
        add_ons=add_ons,
        before_rounding=before.quantize(FEN),
        monthly_amount=amount.quantize(FEN),
        management_class=counted.management_class,
        review_months=counted.review_months,
        next_review=counted.next_review,
        single_member_id=counted.single_member_id,
        lines=say.lines,
    )


def calculate(
    facts: HouseholdFacts,
    context: PolicyContext,
    month: datetime.date,
    *,
    single_member_id: int | None = None,
    explain: bool = True,
) -> Assessment:
    """Assess one household for one month. Raises `NotAssessable` when it cannot be assessed.

    `explain=False` leaves out the explanation lines (not the reasons), for "what if"."""
    counted = count(facts, context.rules, month, single_member_id=single_member_id, explain=explain)
    return settle(counted, context)
