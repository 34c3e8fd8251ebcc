"""Which programs an area runs in a month, under what name and on what terms.

As with the rules of 低保: the area's own row for the program valid in the month, else its
street's, else its county's; with none, the program is in use under its own name on its national
defaults. Two queries for the whole catalogue.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language

from dibao.areas.models import Area, Level
from dibao.core.scoping import areas_above

from ..models import Program, ProgramRules
from . import terms


@dataclass(frozen=True)
class ProgramInForce:
    program: Program
    enabled: bool
    name: str
    terms: dict[str, Any]
    set_by: str | None  # the area whose row applies; None: the national defaults
    valid_from: datetime.date | None


def display_name(program: Program) -> str:
    """The program's name in the language of the page."""
    return program.name_en if (get_language() or "").startswith("en") else program.name


def programs_in_force(area: Area, month: datetime.date) -> list[ProgramInForce]:
    month = month.replace(day=1)
    chain = [area.code, *reversed(areas_above(area.code))]  # nearest first
    rows: dict[tuple[int, str], ProgramRules] = {}
    valid = Q(valid_from__lte=month) & (Q(valid_to__isnull=True) | Q(valid_to__gte=month))
    for version in ProgramRules.objects.filter(valid, area__code__in=chain).select_related("area"):
        rows[(version.program_id, version.area.code)] = version
    result = []
    for program in Program.objects.all():
        row = next((rows[(program.pk, code)] for code in chain if (program.pk, code) in rows), None)
        result.append(
            ProgramInForce(
                program=program,
                enabled=row.enabled if row else True,
                name=(row.local_name if row and row.local_name else display_name(program)),
                terms=terms.in_force(program.code, row.terms if row else {}),
                set_by=row.area.name if row else None,
                valid_from=row.valid_from if row else None,
            )
        )
    return result


def program_in_force(area: Area, month: datetime.date, code: str) -> ProgramInForce | None:
    return next((p for p in programs_in_force(area, month) if p.program.code == code), None)


@dataclass(frozen=True)
class TermsGroup:
    """Communities that run a program on the same terms in a month."""

    enabled: bool
    terms: dict[str, Any]
    community_ids: list[int]


def terms_across(area: Area, month: datetime.date, codes: list[str]) -> dict[str, list[TermsGroup]]:
    """For each program of `codes`, the communities in `area` grouped by the terms each runs in
    `month` (the nearest version, as `programs_in_force` finds it), so that a set-based search runs
    one query per distinct set of terms — usually one for a whole county — instead of one per
    community. Two queries whatever the number of communities and programs."""
    month = month.replace(day=1)
    county = area.code[:6]
    valid = Q(valid_from__lte=month) & (Q(valid_to__isnull=True) | Q(valid_to__gte=month))
    rows = {
        (version.program.code, version.area.code): version
        for version in ProgramRules.objects.filter(valid, program__code__in=codes, area__code__prefix=county)
        .select_related("area", "program")
        .order_by("valid_from", "id")  # the latest version of an area wins
    }
    communities = list(
        Area.objects.filter(level=Level.COMMUNITY, scope_prefix__prefix=area.scope_prefix).values_list(
            "id", "code"
        )
    )
    found: dict[str, list[TermsGroup]] = {}
    for code in codes:
        groups: dict[tuple[bool, str], TermsGroup] = {}
        for community_id, community_code in communities:
            chain = [community_code, *reversed(areas_above(community_code))]
            row = next((rows[(code, c)] for c in chain if (code, c) in rows), None)
            in_force_terms = terms.in_force(code, row.terms if row else {})
            enabled = row.enabled if row else True
            key = (enabled, json.dumps(in_force_terms, sort_keys=True, default=str))
            groups.setdefault(key, TermsGroup(enabled, in_force_terms, [])).community_ids.append(community_id)
        found[code] = list(groups.values())
    return found
