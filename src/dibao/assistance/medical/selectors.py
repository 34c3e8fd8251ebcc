"""Every read of 医疗救助 a page or the API makes, limited to the user's area (`core.scoping`).

A claim is its person's community's; a settlement file is its county's, so only those who see
the whole county (the county's staff and auditors) see one. A person is found by ID number only
in the user's area: one elsewhere reads exactly like one who is not on the register."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.core import idnumbers
from dibao.core.errors import DomainError, NotFound
from dibao.core.scoping import Operator, covers, within

from ..models import MedicalClaim, SettlementImport, SettlementOutcome, SettlementRow
from . import facts

Viewer = User | Operator


@dataclass(frozen=True)
class ClaimFilters:
    state: str = ""
    category: str = ""
    kind: str = ""
    month: datetime.date | None = None  # the month of admission
    area_code: str = ""  # an area within the user's, found by the caller


def visible_claims(user: Viewer) -> QuerySet[MedicalClaim]:
    return within(MedicalClaim.objects.all(), user).select_related("member", "community")


def claim_list(user: Viewer, filters: ClaimFilters) -> QuerySet[MedicalClaim]:
    claims = visible_claims(user)
    if filters.area_code:
        claims = claims.filter(community__code__prefix=filters.area_code)
    if filters.state:
        claims = claims.filter(state=filters.state)
    if filters.category:
        claims = claims.filter(category=filters.category)
    if filters.kind:
        claims = claims.filter(kind=filters.kind)
    if filters.month is not None:
        start = filters.month.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
        claims = claims.filter(admitted_on__gte=start, admitted_on__lt=end)
    return claims.order_by("-admitted_on", "-id")


def claim_get(user: Viewer, pk: Any) -> MedicalClaim:
    claim = visible_claims(user).select_related("decided_by", "actor").filter(pk=pk).first()
    if claim is None:
        raise NotFound()
    return claim


def person_in_area(user: Viewer, id_number: object, field: str = "id_number") -> facts.Person:
    """The person with this ID number in the user's area, or an error on `field`."""
    text = str(id_number or "").strip()
    if not text:
        raise DomainError(_("This field is required."), field=field)
    number = idnumbers.parse(text, field=field).number
    person = facts.people([number]).get(number)
    if person is None or not covers(user, person.community_code):
        raise DomainError(_("No one in your area has this ID number."), field=field)
    return person


def visible_settlements(user: Viewer) -> QuerySet[SettlementImport]:
    return within(SettlementImport.objects.all(), user, path="county__code").select_related("county", "actor")


def settlement_get(user: Viewer, pk: Any) -> SettlementImport:
    record = visible_settlements(user).filter(pk=pk).first()
    if record is None:
        raise NotFound()
    return record


DISPUTES = (SettlementOutcome.AMOUNT, SettlementOutcome.STATUS, SettlementOutcome.UNKNOWN)


def disputed_rows(record: SettlementImport, outcome: str = "") -> QuerySet[SettlementRow]:
    """The rows of a settlement file (found through `settlement_get`) listed for follow-up."""
    rows = SettlementRow.objects.filter(settlement=record)
    rows = rows.filter(outcome=outcome) if outcome in DISPUTES else rows.filter(outcome__in=DISPUTES)
    return rows.order_by("row")
