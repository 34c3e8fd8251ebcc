"""How the audit trail names a household (its number and its head) and finds the households a
filter names: by number, or by a person's ID number or name (core.audit_labels)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from dibao.core import audit_labels, idnumbers

from .models import Household, Member, Relation


def _names(ids: Iterable[int]) -> dict[int, str]:
    head = Member.objects.filter(household=OuterRef("pk"), relation=Relation.SELF).order_by(
        "-is_current", "id"
    )
    rows = Household.objects.filter(pk__in=list(ids)).annotate(head=Subquery(head.values("name")[:1]))
    return {
        pk: f"{number} {head or ''}".strip() for pk, number, head in rows.values_list("pk", "number", "head")
    }


def _found(*, number: str = "", person: str = "") -> QuerySet[Any]:
    """The households a filter names, as a subquery of ids. A person's trail is their household's:
    what was done to the household was done to each of its members."""
    found: QuerySet[Any] = Household.objects.all()
    if number:
        found = found.filter(number=number.strip())
    if person:
        text = person.strip()
        members = Member.objects.filter(id_number=idnumbers.normalise(text)) if text[:1].isdigit() else None
        if members is None:
            members = Member.objects.filter(name=text)
        found = found.filter(pk__in=members.values("household_id"))
    return found.values("pk")


audit_labels.households(_names)
audit_labels.households_found(_found)
audit_labels.hidden("registry.rosterimport", {"description"})
