"""Every read of the register, already limited to the user's area.

Scoping lives here and nowhere else: pages, the API, exports and search all start from
`visible_households(user)` or `visible_members(user)`. Something outside the area is simply not
found, so the answer to "show me household 42 of another community" is a 404.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

from django.db.models import Case, Count, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value, When

from dibao.accounts.models import User
from dibao.areas.models import Level
from dibao.areas.selectors import area_for, visible_communities
from dibao.core.errors import NotFound
from dibao.core.models import AuditEntry
from dibao.core.months import add_months
from dibao.core.scoping import Operator, within, within_area

from . import search
from .models import Asset, CareAssessment, Household, Income, Member, Relation, RigidSpending, Supporter
from .search import search_branches, search_households


@dataclass(frozen=True)
class HouseholdFilters:
    query: str = ""
    area_code: str = ""  # any visible area: county, street or community
    status: str = ""
    urban_rural: str = ""


def visible_households(user: User | Operator) -> QuerySet[Household]:
    # A county or a community is one indexed equality, which lets the list walk the
    # (county, number) or (community, number) index in order; a street is a short list.
    area = None if isinstance(user, Operator) else user.area
    if area is not None and area.level == Level.COUNTY:
        return Household.objects.filter(county_id=area.pk)
    if area is not None and area.level == Level.COMMUNITY:
        return Household.objects.filter(community_id=area.pk)
    return Household.objects.filter(community__in=visible_communities(user).values("id"))


def visible_members(user: User | Operator) -> QuerySet[Member]:
    return Member.objects.filter(household__community__in=visible_communities(user).values("id"))


def _filtered(user: User | Operator, filters: HouseholdFilters) -> QuerySet[Household]:
    """The user's households narrowed by the list's area, status and urban/rural filters."""
    households = visible_households(user)
    if filters.area_code:
        area = area_for(user, filters.area_code)
        households = within_area(households, area)
    if filters.status:
        households = households.filter(status=filters.status)
    if filters.urban_rural:
        households = households.filter(urban_rural=filters.urban_rural)
    return households


def _listed(households: QuerySet[Household]) -> QuerySet[Household]:
    # The size is a correlated subquery, not a JOIN with GROUP BY: so it is computed for the rows of
    # one page only, and the page's COUNT(*) stays a plain indexed count.
    size = Member.objects.filter(household=OuterRef("pk")).values("household").annotate(n=Count("*"))
    return (
        households.select_related("community")
        .annotate(size=Subquery(size.values("n")))
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.filter(relation=Relation.SELF), to_attr="heads")
        )
        .order_by("number")
    )


def household_list(user: User | Operator, filters: HouseholdFilters) -> QuerySet[Household]:
    """Households for an export or the API: filtered, searched, with head and size at hand, every
    one of them (the list page's `household_page` stops at `LIST_BOUND`)."""
    return _listed(search_households(_filtered(user, filters), filters.query))


# The list page lists at most this many households (fifty pages of twenty); past it, it says there
# are more and asks for a narrower search. Counting and ordering the whole of a broad match (a
# surname, 李, is 26,000 households of a county of a million; the county itself a million) is what
# made the page slow, and each household found costs a lookup of its row to keep to the user's
# area: at a million households 2,000 of them took twice as long as the rest of the page.
LIST_BOUND = 1000


class ListedHouseholds:
    """What the list page pages through (Django's Paginator reads `count()` and slices): at most
    `LIST_BOUND` households, in household-number order; `more` says that others match too."""

    def __init__(self, households: QuerySet[Household], ids: list[int] | None, count: int, more: bool):
        self._households = households
        self._ids = ids  # a search's matches in number order; None for the households themselves
        self._count = count
        self.more = more

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Household: ...
    @overload
    def __getitem__(self, index: slice) -> list[Household]: ...
    def __getitem__(self, index: int | slice) -> Household | list[Household]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = min(index.stop if index.stop is not None else self._count, self._count)
        if self._ids is None:
            return list(self._households[start:stop])
        return list(self._households.filter(pk__in=self._ids[start:stop]))

    def __iter__(self) -> Iterator[Household]:
        return iter(self[0 : self._count])


def household_page(user: User | Operator, filters: HouseholdFilters) -> ListedHouseholds:
    """Households for the list page: as `household_list`, but neither counted nor ordered past
    `LIST_BOUND`, so a broad search or a county's whole register costs no more than a narrow one.

    Without a query the households are listed in the order of the (county or community, number)
    index and counted up to the bound. A query's matches are fetched branch by branch (see
    `search.search_branches`), each bounded inside the statement by a LIMIT that applies after the
    area's scope, as (id, number) pairs; the search stops once more than the bound are found, and
    the found ones are ordered by number here. The page then reads its twenty rows by id.
    """
    households = _filtered(user, filters)
    branches = search_branches(households, filters.query)
    if branches is None:
        found = households.order_by()[: LIST_BOUND + 1].count()
        return ListedHouseholds(_listed(households), None, min(found, LIST_BOUND), found > LIST_BOUND)
    numbers: dict[int, str] = {}
    for branch in branches:
        # A branch through members repeats a household once per matching member (a surname: the
        # head and the children): fetch twice the bound, and only when that many rows still name
        # too few households ask for them DISTINCT, which reads every match before it answers.
        window = 2 * (LIST_BOUND + 1) if branch.repeats else LIST_BOUND + 1
        pairs = branch.households.order_by().values_list("id", "number")
        fetched = list(pairs[:window])
        numbers.update(fetched)
        if len(fetched) == window and len(numbers) <= LIST_BOUND:
            numbers.update(pairs.distinct()[: LIST_BOUND + 1])
        if len(numbers) > LIST_BOUND:
            break
    ordered = sorted(numbers, key=lambda pk: (numbers[pk], pk))
    listed = ordered[:LIST_BOUND]
    # Read by id within the user's households still: the scope is never left to the ids alone.
    return ListedHouseholds(_listed(households), listed, len(listed), len(ordered) > LIST_BOUND)


def members_matching(user: User | Operator, query: str, household_ids: list[int]) -> dict[int, list[Member]]:
    """Of the listed households, the members other than the head whom the search found, by
    household: one query for a page, so a hit on a member can say which member it was. The page's
    members are read by household and matched here (`search.member_matches`): a few dozen rows,
    where a condition on the name would let the planner start from every member of that name."""
    if not search.member_conditions(query) or not household_ids:
        return {}
    found: dict[int, list[Member]] = {}
    rows = visible_members(user).filter(household_id__in=household_ids).exclude(relation=Relation.SELF)
    for member in rows.order_by("household_id", "id"):
        if search.member_matches(member, query):
            found.setdefault(member.household_id, []).append(member)
    return found


def household_get(user: User | Operator, pk: Any) -> Household:
    household = (
        visible_households(user)
        .select_related("community", "community__parent", "category")
        .filter(pk=pk)
        .first()
    )
    if household is None:
        raise NotFound()
    return household


def household_by_number(user: User | Operator, number: str) -> Household:
    household = (
        visible_households(user).select_related("community").filter(number=str(number).strip()).first()
    )
    if household is None:
        raise NotFound()
    return household


# The head first, then the others in the order they were registered.
HEAD_FIRST = (Case(When(relation=Relation.SELF, then=Value(0)), default=Value(1)), "id")


def with_head_name(rows: QuerySet[Any], household: str = "household_id") -> QuerySet[Any]:
    """`rows` annotated with `head_name`, the name of their household's head, in the same query
    (`household` is the path from the rows to the household's id: `pk` for households)."""
    head = Member.objects.filter(household_id=OuterRef(household), relation=Relation.SELF).order_by("id")
    return rows.annotate(head_name=Subquery(head.values("name")[:1]))


# A household's rows are read through the user's own scope too: a reader of child rows does not
# trust its caller to have found the household in the user's area.


def household_members(user: User | Operator, household: Household) -> QuerySet[Member]:
    return visible_members(user).filter(household=household).order_by(*HEAD_FIRST)


def member_get(user: User | Operator, pk: Any) -> Member:
    member = visible_members(user).select_related("household__community").filter(pk=pk).first()
    if member is None:
        raise NotFound()
    return member


def income_get(user: User | Operator, pk: Any) -> Income:
    income = visible_incomes(user).select_related("household__community", "member").filter(pk=pk).first()
    if income is None:
        raise NotFound()
    return income


def asset_get(user: User | Operator, pk: Any) -> Asset:
    asset = visible_assets(user).select_related("household__community", "member").filter(pk=pk).first()
    if asset is None:
        raise NotFound()
    return asset


def household_audit_trail(user: User | Operator, household: Household) -> QuerySet[AuditEntry]:
    """The household's trail: everything written about it and its members, incomes and assets."""
    return (
        within(AuditEntry.objects.filter(household_id=household.pk), user, "area_code")
        .select_related("actor")
        .order_by("-at", "-id")
    )


def household_incomes(user: User | Operator, household: Household) -> QuerySet[Income]:
    """The household's incomes, newest period first, with the member each belongs to."""
    incomes = visible_incomes(user).filter(household=household)
    return incomes.select_related("member").order_by("-month_from", "id")


def household_assets(user: User | Operator, household: Household) -> QuerySet[Asset]:
    assets = visible_assets(user).filter(household=household)
    return assets.select_related("member").order_by("-recorded_on", "id")


def household_with_members(user: User | Operator, pk: Any) -> Household:
    """One household with its members at hand (`household.members.all()`), head first."""
    household = (
        visible_households(user)
        .select_related("community")
        .prefetch_related(Prefetch("members", queryset=Member.objects.order_by(*HEAD_FIRST)))
        .filter(pk=pk)
        .first()
    )
    if household is None:
        raise NotFound()
    return household


def visible_incomes(user: User | Operator) -> QuerySet[Income]:
    return Income.objects.filter(household__in=visible_households(user))


def visible_assets(user: User | Operator) -> QuerySet[Asset]:
    return Asset.objects.filter(household__in=visible_households(user))


# ---- Supporters, self-care assessments, rigid spending ------------------------------------------


def visible_supporters(user: User | Operator) -> QuerySet[Supporter]:
    return Supporter.objects.filter(member__household__in=visible_households(user))


def visible_care_assessments(user: User | Operator) -> QuerySet[CareAssessment]:
    return CareAssessment.objects.filter(member__household__in=visible_households(user))


def visible_rigid_spending(user: User | Operator) -> QuerySet[RigidSpending]:
    return RigidSpending.objects.filter(household__in=visible_households(user))


def supporter_get(user: User | Operator, pk: Any) -> Supporter:
    found = visible_supporters(user).select_related("member__household__community").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def care_assessment_get(user: User | Operator, pk: Any) -> CareAssessment:
    found = (
        visible_care_assessments(user).select_related("member__household__community").filter(pk=pk).first()
    )
    if found is None:
        raise NotFound()
    return found


def rigid_spending_get(user: User | Operator, pk: Any) -> RigidSpending:
    found = (
        visible_rigid_spending(user).select_related("household__community", "member").filter(pk=pk).first()
    )
    if found is None:
        raise NotFound()
    return found


def household_supporters(user: User | Operator, household: Household) -> QuerySet[Supporter]:
    """The supporters of every member of the household, by member, with the member at hand."""
    return (
        visible_supporters(user)
        .filter(member__household=household)
        .select_related("member")
        .order_by("member_id", "id")
    )


def member_supporters(user: User | Operator, member: Member) -> QuerySet[Supporter]:
    """One member's supporters, with the register's member each one is (when they are) at hand."""
    return (
        visible_supporters(user)
        .filter(member=member)
        .select_related("supporter_member__household")
        .order_by("id")
    )


def household_care_assessments(user: User | Operator, household: Household) -> QuerySet[CareAssessment]:
    """Every assessment of the household's members, the newest first."""
    return (
        visible_care_assessments(user)
        .filter(member__household=household)
        .select_related("member")
        .order_by("-assessed_on", "-id")
    )


def latest_care_assessment(
    user: User | Operator, member: Member, *, on: datetime.date | None = None
) -> CareAssessment | None:
    """The assessment that counts: the latest by date (on or before `on`, when given)."""
    assessments = visible_care_assessments(user).filter(member=member)
    if on is not None:
        assessments = assessments.filter(assessed_on__lte=on)
    return assessments.order_by("-assessed_on", "-id").first()


def household_rigid_spending(user: User | Operator, household: Household) -> QuerySet[RigidSpending]:
    spending = visible_rigid_spending(user).filter(household=household)
    return spending.select_related("member").order_by("-spent_on", "id")


def rigid_spending_window(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The twelve whole months before `month`: the first day of the first, and the first day of
    `month` itself, which is not in it."""
    first = month.replace(day=1)
    return add_months(first, -12), first


def rigid_spending_total(user: User | Operator, household: Household, month: datetime.date) -> Decimal:
    """The household's rigid spending over the twelve months before `month` (what the 刚性支出
    test compares with its income over them)."""
    start, end = rigid_spending_window(month)
    total = (
        visible_rigid_spending(user)
        .filter(household=household, spent_on__gte=start, spent_on__lt=end)
        .aggregate(total=Sum("amount"))["total"]
    )
    return (total or Decimal("0")).quantize(Decimal("0.01"))
