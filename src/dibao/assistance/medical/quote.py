"""One person's medical assistance for one treatment, as the rules give it today: what a claim
records, what `dibao assistance-quote` prints, and what the settlement import compares against.
Reads only; writes nothing."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from dibao.core.errors import DomainError, NotFound
from dibao.core.idnumbers import normalise
from dibao.core.money import parse_amount
from dibao.policy.programs.medical import KINDS, MedicalResult, Year, calculate

from ..models import MedicalClaim
from . import facts


def parse_kind(value: object, field: str = "kind") -> str:
    text = str(value or "").strip().lower()
    if text not in KINDS:
        raise DomainError(
            _("'%(v)s' is not a kind of treatment; the kinds are: %(kinds)s.")
            % {"v": value, "kinds": ", ".join(KINDS)},
            field=field,
        )
    return text


def parse_cost(value: object, field: str) -> Decimal:
    amount = parse_amount(value, column=MedicalClaim._meta.get_field("in_policy_cost"), field=field)
    if amount < 0:
        raise DomainError(_("The amount cannot be negative."), field=field)
    return amount


def person_by_id(id_number: str) -> facts.Person:
    number = normalise(id_number)
    person = facts.people([number]).get(number)
    if person is None:
        raise NotFound(_("No one on the register has the ID number %(n)s.") % {"n": number})
    return person


def quote(
    *,
    person: facts.Person,
    day: datetime.date,
    kind: str,
    cost: Decimal,
    illness: bool = False,
    except_claim: int | None = None,
) -> MedicalResult:
    spans = facts.statuses([person]).get(person.member_id, [])
    taken = facts.years_taken([person.id_number], [day.year], except_claim=except_claim)
    terms = facts.TermsCache()(person.community_id, day)
    return calculate(
        held=facts.held_on(spans, day),
        illness=illness,
        treated_on=day,
        kind=kind,
        cost=cost,
        terms=terms.medical,
        disposable_income=terms.disposable_income,
        year=taken.get((person.id_number, day.year), Year()),
    )
