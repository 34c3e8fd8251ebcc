"""What the medical calculation reads about people, loaded for many at once.

A claim asks for one person, the one-stop settlement import for ten thousand: both load through
here, a fixed number of queries whatever the number of people — the people by ID number, the
statuses of their households and themselves, what their claims and settled rows of the year took —
and the terms in force once per community and month. `policy.programs.medical.calculate` then runs
in memory for each row.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from dibao.areas.models import Area
from dibao.benefits.models import Entitlement
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import programs_in_force
from dibao.policy.programs.medical import STATUS_ORDER, Year
from dibao.registry.models import Member

from ..models import ClaimState, MedicalClaim, SettlementOutcome, SettlementRow

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Person:
    member_id: int
    household_id: int
    name: str
    id_number: str
    community_id: int
    community_code: str


@dataclass(frozen=True)
class Span:
    code: str
    month_from: datetime.date
    month_to: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        month = day.replace(day=1)
        return self.month_from <= month and (self.month_to is None or month <= self.month_to)


def people(id_numbers: Iterable[str]) -> dict[str, Person]:
    """Each ID number's person: the member row of a household not terminated where there is one,
    else the latest (a person who left the register still has their statuses of the past)."""
    wanted = sorted({n for n in id_numbers if n})
    found: dict[str, Person] = {}
    chunk = 900  # under SQLite's limit of parameters
    for start in range(0, len(wanted), chunk):
        rows = (
            Member.objects.filter(id_number__in=wanted[start : start + chunk])
            .order_by("id_number", "is_current", "pk")
            .values_list(
                "pk",
                "household_id",
                "name",
                "id_number",
                "household__community_id",
                "household__community__code",
            )
        )
        for pk, household, name, number, community, code in rows:
            found[number] = Person(pk, household, name, number, community, code)  # the last wins
    return found


def statuses(persons: Iterable[Person]) -> dict[int, list[Span]]:
    """By member: the spans of the qualifying programs held — the household's (低保, 边缘, 刚性支出,
    whose member is empty) and the person's own (特困)."""
    by_household: dict[int, list[int]] = defaultdict(list)
    for person in persons:
        by_household[person.household_id].append(person.member_id)
    spans: dict[int, list[Span]] = defaultdict(list)
    households = sorted(by_household)
    chunk = 900
    for start in range(0, len(households), chunk):
        rows = Entitlement.objects.filter(
            household_id__in=households[start : start + chunk], program_id__in=STATUS_ORDER
        ).values_list("household_id", "member_id", "program_id", "month_from", "month_to")
        for household, member, program, month_from, month_to in rows:
            span = Span(str(program), month_from, month_to)
            for member_id in by_household[household]:
                if member is None or member == member_id:
                    spans[member_id].append(span)
    return spans


def held_on(spans: list[Span], day: datetime.date) -> frozenset[str]:
    return frozenset(span.code for span in spans if span.covers(day))


def years_taken(
    id_numbers: Iterable[str], years: Iterable[int], *, except_claim: int | None = None
) -> dict[tuple[str, int], Year]:
    """What each person's claims (not refused) and settled rows (matched) of a calendar year took:
    paid (a decided claim its decided amount, one waiting its amount by the rules) and the
    deductible met, by (ID number, year)."""
    wanted = sorted(set(id_numbers))
    years = sorted(set(years))
    paid: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    met: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    if not wanted or not years:
        return {}
    days = Q(
        admitted_on__gte=datetime.date(years[0], 1, 1), admitted_on__lte=datetime.date(years[-1], 12, 31)
    )
    chunk = 900
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        claims = MedicalClaim.objects.filter(days, member__id_number__in=part, eligible=True).exclude(
            state=ClaimState.REFUSED
        )
        if except_claim is not None:
            claims = claims.exclude(pk=except_claim)
        for number, day, amount, decided, deductible in claims.values_list(
            "member__id_number", "admitted_on", "amount", "decided_amount", "deductible"
        ):
            key = (number, day.year)
            paid[key] += decided if decided is not None else amount
            met[key] += deductible
        settled = SettlementRow.objects.filter(
            days, id_number__in=part, outcome=SettlementOutcome.MATCHED
        ).values_list("id_number", "admitted_on", "paid", "deductible")
        for number, day, amount, deductible in settled:
            key = (number, day.year)
            paid[key] += amount
            met[key] += deductible
    return {key: Year(paid=paid[key], deductible_met=met[key]) for key in set(paid) | set(met)}


@dataclass(frozen=True)
class Terms:
    medical: dict[str, Any]
    disposable_income: dict[str, Any]


class TermsCache:
    """The medical terms in force for a community in a month, read once per pair."""

    def __init__(self) -> None:
        self._areas: dict[int, Area] = {}
        self._terms: dict[tuple[int, datetime.date], Terms] = {}

    def __call__(self, community_id: int, day: datetime.date) -> Terms:
        month = day.replace(day=1)
        key = (community_id, month)
        if key not in self._terms:
            area = self._areas.get(community_id) or Area.objects.get(pk=community_id)
            self._areas[community_id] = area
            found = {p.program.code: p.terms for p in programs_in_force(area, month)}
            self._terms[key] = Terms(
                found[codes.MEDICAL], found.get(codes.RIGID_EXPENSE, {}).get("disposable_income", {})
            )
        return self._terms[key]
