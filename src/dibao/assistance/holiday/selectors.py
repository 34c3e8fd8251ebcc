"""Reads of holiday relief, limited to the user's area: a campaign of the user's area, below it or
above it (a community sees its street's and county's campaigns), and of its recipients only those
of the user's area (`core.scoping`)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, reaching, within

from ..models import HolidayCampaign, HolidayRecipient, RecipientState

ZERO = Decimal("0.00")


def visible_campaigns(user: User | Operator) -> QuerySet[HolidayCampaign]:
    return HolidayCampaign.objects.filter(reaching(user, "area__code")).select_related("area")


def campaign_get(user: User | Operator, pk: int) -> HolidayCampaign:
    found = visible_campaigns(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def recipients(
    user: User | Operator, campaign: HolidayCampaign, *, community: Area | None = None, listed: bool = True
) -> QuerySet[HolidayRecipient]:
    """The campaign's recipients the user may see (`listed`: without those taken off by hand)."""
    rows = within(campaign.recipients.all(), user).select_related(
        "household", "community", "community__parent"
    )
    if community is not None:
        rows = rows.filter(community=community)
    if listed:
        rows = rows.exclude(state=RecipientState.REMOVED)
    return rows.order_by("community__code", "household__number", "id")


def recipient_get(user: User | Operator, pk: int) -> HolidayRecipient:
    found = (
        within(HolidayRecipient.objects.filter(pk=pk), user).select_related("campaign", "community").first()
    )
    if found is None:
        raise NotFound()
    return found


@dataclass
class Figures:
    households: int = 0
    persons: int = 0
    cash: Decimal = ZERO
    goods: Decimal = ZERO
    value: Decimal = ZERO
    delivered: int = 0

    def add(self, persons: int, cash: Decimal, goods: Decimal, delivered: bool) -> None:
        self.households += 1
        self.persons += persons
        self.cash += cash
        self.goods += goods
        self.value += cash + goods
        self.delivered += int(delivered)


@dataclass
class Totals:
    """Per community, per street, and the whole, summed as Decimal from the rows (SQLite would sum
    decimals as floating point), so the parts add up to the whole to the fen."""

    communities: list[tuple[Area, Figures]] = field(default_factory=list)
    streets: list[tuple[Area, Figures]] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)


def totals(rows: QuerySet[HolidayRecipient]) -> Totals:
    by_community: dict[int, Figures] = {}
    by_street: dict[int, Figures] = {}
    areas: dict[int, Area] = {}
    out = Totals()
    for r in rows:
        community = r.community
        street = community.parent or community
        areas[community.pk], areas[street.pk] = community, street
        delivered = r.state == RecipientState.DELIVERED
        for group, key in ((by_community, community.pk), (by_street, street.pk)):
            group.setdefault(key, Figures()).add(r.persons, r.cash, r.goods_value, delivered)
        out.total.add(r.persons, r.cash, r.goods_value, delivered)
    out.communities = sorted(((areas[k], f) for k, f in by_community.items()), key=lambda p: p[0].code)
    out.streets = sorted(((areas[k], f) for k, f in by_street.items()), key=lambda p: p[0].code)
    return out
