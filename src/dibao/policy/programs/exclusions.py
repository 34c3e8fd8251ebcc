"""Which programs a household or a person may not hold together, as a pure function.

`ProgramExclusion` lists the pairs (特困 and 低保 for the same person; 边缘 and 刚性支出 beside 低保
for the same household); a pair holds in both directions. `conflict` is given what would be
granted and what is already held, each as a `Holding` — a program and the persons it covers — and
answers the first pair the grant would break, or None. It reads neither the database nor the
clock (`rules` reads the catalogue's pairs); `benefits.services.exclusions` finds the holdings
and refuses with the pair's reason.

Whom a holding covers: a person-paid entitlement its person; a household's its single person
(单人保) when it names one, else every member (`EVERYONE`). Two holdings of one household share a
person when either covers everyone or their persons meet.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language

from ..models import ExclusionScope, ProgramExclusion

EVERYONE: frozenset[int] = frozenset()  # with `whole=True`


@dataclass(frozen=True)
class Holding:
    program: str
    persons: frozenset[int] = EVERYONE
    whole: bool = True  # covers every member of the household

    @classmethod
    def of(cls, program: str, *, member_id: int | None, single_member_id: int | None = None) -> "Holding":
        person = member_id or single_member_id
        if person is None:
            return cls(program)
        return cls(program, frozenset({person}), whole=False)

    def shares_a_person(self, other: "Holding") -> bool:
        return self.whole or other.whole or bool(self.persons & other.persons)


@dataclass(frozen=True)
class Rule:
    program: str
    excludes: str
    scope: str
    reason: str
    reason_en: str

    def pairs(self, a: str, b: str) -> bool:
        return {a, b} == {self.program, self.excludes}

    def reason_shown(self) -> str:
        """The reason in the language of the page."""
        return self.reason_en if (get_language() or "").startswith("en") else self.reason


@dataclass(frozen=True)
class Conflict:
    rule: Rule
    held: Holding


def rules() -> list[Rule]:
    """The catalogue's pairs (one query)."""
    rows = ProgramExclusion.objects.values_list(
        "program__code", "excludes__code", "scope", "reason", "reason_en"
    )
    return [Rule(*row) for row in rows]


def conflict(new: Holding, held: Iterable[Holding], rules: Iterable[Rule]) -> Conflict | None:
    """The first pair `new` would break beside what is `held` (in the same household)."""
    rules = list(rules)
    for holding in held:
        if holding.program == new.program:
            continue
        for rule in rules:
            if not rule.pairs(new.program, holding.program):
                continue
            if rule.scope == ExclusionScope.HOUSEHOLD or new.shares_a_person(holding):
                return Conflict(rule, holding)
    return None
