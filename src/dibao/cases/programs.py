"""How each program is applied for and decided: the one place the application workflow asks which
program an application is for.

An application runs the same states, timeline and audit whatever its program (`cases.workflow`);
what differs is described here, so that the workflow and the steps read a `Procedure` and never
test a program's code themselves:

- 低保 (`dibao`) pays a household and follows its own rules (`policy.Rules`): the appraisal when
  the county holds it always, a public notice of `notice_days`, a street review, the decision by
  the county or by the street where it has been delegated, within `decision_working_days` of
  acceptance; its decision is the household's means test (`policy.assessment`).
- the categorical programs pay a person named on the application (`member`) and follow their
  terms (`policy.programs.terms`): no appraisal; a public notice only where the program has one;
  where `street_decides` the street approves without a county step, otherwise the street reviews
  and the county decides; the deadline is the program's `decision_working_days`.
- 特困 (`extreme_poverty`): investigation, a notice of its `notice_days`, the street's review
  within `street_working_days` of acceptance, then the county's decision within
  `county_working_days` of that review (POLICY.md §4).

`program_test` runs the program's test (`policy.programs.eligibility`) on the member's facts for a
month and answers its result with the lines that explain it.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.selectors import entitlement_history
from dibao.benefits.services import in_force as entitlement_in_force
from dibao.core.errors import DomainError
from dibao.core.scoping import CONSOLE, Operator
from dibao.policy.assessment import assess
from dibao.policy.engine import explanation as ex
from dibao.policy.engine.calculation import NotAssessable
from dibao.policy.models import Payee
from dibao.policy.programs import codes, eligibility
from dibao.policy.programs.eligibility import Result
from dibao.policy.programs.facts import program_facts
from dibao.policy.programs.in_force import ProgramInForce, program_in_force
from dibao.policy.selectors import in_force as policy_in_force
from dibao.registry.models import Household, Member

from .models import Application, MaterialKind

# The programs an application may be made for (the others are recognitions or one-off help,
# decided elsewhere).
APPLIED_FOR = (
    codes.DIBAO,
    codes.NEAR_POVERTY,
    codes.RIGID_EXPENSE,
    codes.EXTREME_POVERTY,
    codes.DISABILITY_LIVING,
    codes.DISABILITY_CARE,
    codes.ELDERLY_ALLOWANCE,
    codes.TEMPORARY,
)

# The materials each program beside 低保 needs before acceptance (低保's are by kind: `checklist`).
# Age and disability are shown by the ID card and the disability certificate; 特困 declares its
# means as 低保 does.
MATERIALS: dict[str, tuple[str, ...]] = {
    codes.EXTREME_POVERTY: (
        MaterialKind.APPLICATION_FORM,
        MaterialKind.AUTHORISATION,
        MaterialKind.DECLARATION,
        MaterialKind.COMMITMENT,
        MaterialKind.ID_CARDS,
        MaterialKind.HUKOU,
    ),
    # The recognitions declare their means as 低保 does (`recognition`).
    codes.NEAR_POVERTY: (
        MaterialKind.APPLICATION_FORM,
        MaterialKind.AUTHORISATION,
        MaterialKind.DECLARATION,
        MaterialKind.COMMITMENT,
        MaterialKind.ID_CARDS,
        MaterialKind.HUKOU,
    ),
    codes.RIGID_EXPENSE: (
        MaterialKind.APPLICATION_FORM,
        MaterialKind.AUTHORISATION,
        MaterialKind.DECLARATION,
        MaterialKind.COMMITMENT,
        MaterialKind.ID_CARDS,
        MaterialKind.HUKOU,
    ),
    codes.DISABILITY_LIVING: (
        MaterialKind.APPLICATION_FORM,
        MaterialKind.ID_CARDS,
        MaterialKind.DISABILITY_CERTIFICATE,
    ),
    codes.DISABILITY_CARE: (
        MaterialKind.APPLICATION_FORM,
        MaterialKind.ID_CARDS,
        MaterialKind.DISABILITY_CERTIFICATE,
    ),
    codes.ELDERLY_ALLOWANCE: (MaterialKind.APPLICATION_FORM, MaterialKind.ID_CARDS, MaterialKind.HUKOU),
    # 临时救助: no hukou limit (an emergency is helped where it happens).
    codes.TEMPORARY: (MaterialKind.APPLICATION_FORM, MaterialKind.ID_CARDS),
}

# How a one-off program's application is decided: the app that keeps its grants (assistance, above
# this one) registers its decision here in its `AppConfig.ready()`. Called in the approval's
# transaction with the locked application, the step's data and the actor; it checks who may
# decide the amount, records the grant and answers the application's decided amount and the lines
# that explain it — or raises `DomainError`.
OneOffDecision = Callable[[Application, Mapping[str, Any], User], tuple[Decimal, list[dict[str, Any]]]]
ONE_OFF_DECISIONS: dict[str, OneOffDecision] = {}
# And how the case page asks for it: the approval's form (a `cases.forms.StepForm` with the
# decision's fields) and what the decider should read beside it before deciding (the tiers, help
# already given to the household within the repeat period), as the case page's viewer sees it.
ONE_OFF_APPROVE_FORMS: dict[str, type[Any]] = {}
ONE_OFF_DECISION_NOTES: dict[str, Callable[[Application, User], str]] = {}


@dataclass(frozen=True)
class Procedure:
    """The steps of one program's applications in an area, as its rules or terms say."""

    program: str
    pays_person: bool
    appraisal: bool  # the democratic appraisal before every notice
    notice: bool  # a public notice before the decision
    notice_days: int
    street_review: bool  # the street reviews, then the decision (by whoever `street_decides` says)
    street_decides: bool
    decision_working_days: int  # from acceptance (特困: to the street's review)
    county_working_days: int | None  # 特困: from the street's review to the county's decision
    extension_working_days: int
    # 低保 moves the household's status (applying, receiving); a person's program does not.
    household_status: bool


def procedure(program: str, community: Area, day: datetime.date) -> Procedure:
    """The procedure of `program` in `community` on `day` (its rules or terms of that month)."""
    month = day.replace(day=1)
    rules = policy_in_force(community, month).context.rules
    if program == codes.DIBAO:
        return Procedure(
            program=program,
            pays_person=False,
            appraisal=rules.appraisal_required,
            notice=True,
            notice_days=rules.notice_days,
            street_review=True,
            street_decides=rules.street_decides,
            decision_working_days=rules.decision_working_days,
            county_working_days=None,
            extension_working_days=rules.extension_working_days,
            household_status=True,
        )
    found = program_in_force(community, month, program)
    terms = found.terms if found else {}
    notice_days = int(terms.get("notice_days", 0))
    county_days = terms.get("county_working_days")
    street_decides = bool(terms.get("street_decides", False)) and county_days is None
    return Procedure(
        program=program,
        pays_person=bool(found and found.program.pays == Payee.PERSON),
        appraisal=False,
        notice=notice_days > 0,
        notice_days=notice_days,
        street_review=not street_decides,
        street_decides=street_decides,
        decision_working_days=int(terms.get("street_working_days", terms.get("decision_working_days", 30))),
        county_working_days=int(county_days) if county_days is not None else None,
        extension_working_days=int(terms.get("extension_working_days", rules.extension_working_days)),
        household_status=False,
    )


def procedure_of(application: Application, day: datetime.date) -> Procedure:
    return procedure(str(application.program_id), application.community, day)


def in_force_for(community: Area, day: datetime.date, program: str) -> ProgramInForce | None:
    return program_in_force(community, day.replace(day=1), program)


# ---- the test of a program that pays a person --------------------------------------------------


def _held_by_household(viewer: User | Operator, household: Household, month: datetime.date) -> frozenset[str]:
    """The programs the household (not one of its persons) holds in `month`."""
    rows = entitlement_history(viewer, household).filter(entitlement_in_force(month), member__isnull=True)
    return frozenset(str(p) for p in rows.values_list("program_id", flat=True))


def _own_means(household: Household, member: Member, month: datetime.date) -> tuple[Decimal, Decimal, bool]:
    """The local standard, the member's own counted income and whether the household's assets
    pass, read from the household's 低保 means test of the month."""
    try:
        assessment = assess(household, month)
    except NotAssessable as exc:
        raise DomainError(exc.line.render()) from None
    own = sum(
        (r.counted - r.deduction for r in assessment.incomes if r.member_id == member.pk),
        Decimal("0.00"),
    )
    asset_messages = {ex.FINANCIAL_ASSETS, ex.VEHICLE, ex.HOMES, ex.BUSINESS}
    assets_pass = not any(line.message in asset_messages for line in assessment.reasons)
    return assessment.standard, own, assets_pass


def program_test(
    *,
    program: str,
    member: Member,
    month: datetime.date,
    institutional: bool = False,
    viewer: User | Operator | None = None,
) -> Result:
    """The result of `program`'s test for `member` in `month`, with the lines that explain it.
    Raises `DomainError` when the test cannot be run (no standard; 特困 without a self-care
    assessment)."""
    month = month.replace(day=1)
    viewer = viewer if viewer is not None else CONSOLE
    household = member.household
    found = in_force_for(household.community, month, program)
    if found is None:
        raise DomainError(_("No program has this code."), field="program")
    terms = found.terms
    facts = program_facts(viewer, member.pk, month)
    if program == codes.ELDERLY_ALLOWANCE:
        held = _held_by_household(viewer, household, month)
        low_income = bool(held & {codes.DIBAO, codes.NEAR_POVERTY, codes.EXTREME_POVERTY})
        return eligibility.elderly_allowance(facts.member, month, low_income=low_income, terms=terms)
    if program == codes.DISABILITY_LIVING:
        held = _held_by_household(viewer, household, month)
        return eligibility.disability_living(facts.member, household_programs=held, terms=terms)
    if program == codes.DISABILITY_CARE:
        return eligibility.disability_care(facts.member, terms=terms)
    if program == codes.EXTREME_POVERTY:
        if facts.care_needed is None:
            raise DomainError(
                _("Record %(name)s's self-care assessment first: the care amount depends on it.")
                % {"name": member.name},
                field="member",
            )
        standard, own, assets_pass = _own_means(household, member, month)
        return eligibility.extreme_poverty(
            facts.member,
            month,
            standard=standard,
            monthly_income=own,
            assets_pass=assets_pass,
            supporters=facts.supporters,
            care_needed=facts.care_needed,
            institutional=institutional,
            in_school=facts.in_school,
            terms=terms,
        )
    raise DomainError(_("This program is not decided on a person's test."), field="program")
