"""Assessing households: the entry point every other part calls.

`assess` answers for one household (and raises `NotAssessable` with its reason); `assess_many`
answers for a whole area in a fixed number of queries, which is how "what if", standard changes,
payroll checks and annual reviews run.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from dibao.areas.models import Area
from dibao.registry.models import Household, Member

from .engine import explanation as ex
from .engine.calculation import Assessment, NotAssessable, calculate
from .engine.context import PolicyContext, StandardOverride, contexts_for
from .engine.facts import HouseholdFacts, load_facts


@dataclass
class Outcome:
    """One household's result in a batch: an assessment, or the reason there is none."""

    facts: HouseholdFacts
    assessment: Assessment | None
    problem: ex.Line | None = None

    @property
    def amount(self) -> Decimal | None:
        """The monthly amount when eligible; None when not eligible or not assessable."""
        return self.assessment.monthly_amount if self.assessment and self.assessment.eligible else None


def assess(household: Household, month: datetime.date, *, single_member: Member | None = None) -> Assessment:
    """The assessment of one household for one month (raises `NotAssessable`)."""
    facts = load_facts(Household.objects.filter(pk=household.pk), month)[0]
    community = household.community
    context = contexts_for([community], month)[community.pk]
    return calculate(facts, context, month, single_member_id=single_member.pk if single_member else None)


def assess_many(
    households: QuerySet[Household],
    month: datetime.date,
    *,
    override: StandardOverride | None = None,
    single_members: dict[int, int] | None = None,
) -> Iterator[Outcome]:
    """Outcomes for every household of the queryset, in id order; a handful of queries in all."""
    facts = load_facts(households, month)
    yield from assess_facts(facts, month, contexts_of(facts, month, override), single_members)


def contexts_of(
    facts: list[HouseholdFacts], month: datetime.date, override: StandardOverride | None = None
) -> dict[int, PolicyContext]:
    """The policy context of every community the households lie in."""
    communities = Area.objects.filter(pk__in={f.community_id for f in facts})
    return contexts_for(list(communities), month, override)


def assess_facts(
    facts: list[HouseholdFacts],
    month: datetime.date,
    contexts: dict[int, PolicyContext],
    single_members: dict[int, int] | None = None,
    *,
    explain: bool = True,
) -> Iterator[Outcome]:
    """Outcomes for facts already loaded: "what if" loads once and calculates twice."""
    single_members = single_members or {}
    for item in facts:
        try:
            result = calculate(
                item,
                contexts[item.community_id],
                month,
                single_member_id=single_members.get(item.id),
                explain=explain,
            )
        except NotAssessable as exc:
            yield Outcome(item, None, exc.line)
        else:
            yield Outcome(item, result)
