"""Reading one-off grants, limited to the user's area (`core.scoping`): the grant list with its
filters, one grant, a community's monthly posting (公开公示) and the area a report is asked for."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.areas.selectors import area_for
from dibao.cases.publicity import mask_given_name
from dibao.core.errors import DomainError, NotFound
from dibao.core.months import add_months, parse_month_or_none
from dibao.core.scoping import Operator, within, within_area
from dibao.policy.programs import codes

from .models import GrantState, OneOffGrant


def visible_grants(user: User | Operator) -> QuerySet[OneOffGrant]:
    return within(OneOffGrant.objects.all(), user, "community__code").select_related(
        "community", "household", "member", "program"
    )


def grant_get(user: User | Operator, pk: int | str) -> OneOffGrant:
    found = visible_grants(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def filtered_grants(
    user: User | Operator,
    *,
    program: str | None = None,
    state: str | None = None,
    month: object = None,
    area: str | None = None,
) -> QuerySet[OneOffGrant]:
    """The grant list's filters, each optional; a wrong one is refused naming its field. `area`:
    a code within the user's area (another is not found)."""
    rows = visible_grants(user)
    if area:
        found = area_for(user, area)
        rows = within_area(rows, found, "community__code")
    if program:
        rows = rows.filter(program_id=program)
    if state:
        if state not in GrantState.values:
            raise DomainError(
                _("'%(v)s' is not a state: %(s)s.") % {"v": state, "s": ", ".join(GrantState.values)},
                field="state",
            )
        rows = rows.filter(state=state)
    first = parse_month_or_none(month, "month") if month not in (None, "") else None
    if first is not None:
        rows = rows.filter(decided_on__gte=first, decided_on__lt=add_months(first, 1))
    return rows


@dataclass(frozen=True)
class PostedLine:
    name: str  # the given name masked, as on a 低保 notice
    amount: Decimal
    form: str
    goods: str
    category: str
    decided_on: datetime.date


def posting(user: User | Operator, code: str, month: datetime.date) -> tuple[Area, list[PostedLine]]:
    """A community's 临时救助 of the month as posted (公开公示): the name masked, the amount (in kind:
    the goods and their value) and the reason category — never ID numbers, addresses or the reason's
    words. Cancelled grants are not posted."""
    from .temporary import CATEGORIES

    community = area_for(user, code)
    if community.level != Level.COMMUNITY:
        raise NotFound()
    rows = (
        visible_grants(user)
        .filter(
            community=community,
            program_id=codes.TEMPORARY,
            decided_on__gte=month,
            decided_on__lt=add_months(month, 1),
        )
        .exclude(state=GrantState.CANCELLED)
        .order_by("decided_on", "id")
    )
    lines = []
    for grant in rows:
        person = grant.member or grant.household.members.filter(relation="self").first()
        name = person.name if person is not None else ""
        lines.append(
            PostedLine(
                name=mask_given_name(name),
                amount=grant.amount,
                form=grant.get_form_display(),
                goods=grant.goods,
                category=str(CATEGORIES.get(grant.category, grant.category)),
                decided_on=grant.decided_on,
            )
        )
    return community, lines
