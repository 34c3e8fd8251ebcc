"""Reads of outreach, limited to the user's area (`core.scoping`): a county's services are seen by
every area of the county; an entry or a referral is its person's community's."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.models import Movement, MovementKind, StopReason
from dibao.core import idnumbers
from dibao.core.errors import DomainError, NotFound
from dibao.core.scoping import Operator, county_code_of, within, within_area
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import Member

from .models import Entry, EntryState, Referral, ReferralOutcome, Service

Viewer = User | Operator


def visible_services(user: Viewer) -> QuerySet[Service]:
    county = county_code_of(user)
    services = Service.objects.select_related("county")
    return services.filter(county__code=county) if county else services


def service_get(user: Viewer, pk: Any) -> Service:
    found = visible_services(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def service_by_code(user: Viewer, code: str, county: Area | None = None) -> Service:
    services = visible_services(user).filter(code=str(code).strip().lower())
    if county is not None:
        services = services.filter(county=county)
    found = services.first()
    if found is None:
        raise NotFound()
    return found


def visible_entries(user: Viewer) -> QuerySet[Entry]:
    return within(Entry.objects.all(), user).select_related(
        "service", "member", "household", "community", "community__parent"
    )


def entries(
    user: Viewer,
    *,
    service: Service | None = None,
    area: Area | None = None,
    state: str = "",
    step: int | None = None,
    household_id: int | None = None,
) -> QuerySet[Entry]:
    """Entries the user may see, narrowed to a service, an area the caller found through
    `areas.selectors.area_for`, a state, a step or a household."""
    rows = visible_entries(user)
    if service is not None:
        rows = rows.filter(service=service)
    if area is not None:
        rows = within_area(rows, area)
    if state:
        rows = rows.filter(state=state)
    if step is not None:
        rows = rows.filter(step=step)
    if household_id is not None:
        rows = rows.filter(household_id=household_id)
    return rows.order_by("community__code", "-registered_on", "-id")


def entry_get(user: Viewer, pk: Any) -> Entry:
    found = visible_entries(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def visible_referrals(user: Viewer) -> QuerySet[Referral]:
    return within(Referral.objects.all(), user).select_related(
        "member", "household", "community", "community__parent", "review"
    )


def referrals(
    user: Viewer,
    *,
    area: Area | None = None,
    outcome: str = "",
    year: int | None = None,
    household_id: int | None = None,
) -> QuerySet[Referral]:
    rows = visible_referrals(user)
    if area is not None:
        rows = within_area(rows, area)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if year is not None:
        rows = rows.filter(referred_on__year=year)
    if household_id is not None:
        rows = rows.filter(household_id=household_id)
    return rows.order_by("-referred_on", "-id")


def referral_get(user: Viewer, pk: Any) -> Referral:
    found = visible_referrals(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def person(user: Viewer, *, member_id: Any = None, id_number: Any = None, field: str = "member") -> Member:
    """A current member of the register in the user's area, by id or by ID number (typed, so one
    elsewhere reads as one not found: an error on the field rather than a 404)."""
    members = within(
        Member.objects.filter(is_current=True), user, "household__community__code"
    ).select_related("household", "household__community")
    if member_id not in (None, ""):
        found = members.filter(pk=member_id).first()
    else:
        text = str(id_number or "").strip()
        if not text:
            raise DomainError(_("This field is required."), field=field)
        number = idnumbers.parse(text, field=field).number
        found = members.filter(id_number=number).first()
    if found is None:
        raise DomainError(_("No one in your area has this ID number."), field=field)
    return found


@dataclass
class Figures:
    referrals: int = 0
    hired: int = 0
    left_through_work: int = 0


@dataclass
class YearFigures:
    """Per community of the area, and the whole: one query each for referrals, hires and the
    households whose 低保 ended (or began its gradual exit) because someone found work."""

    year: int
    area: Area
    communities: list[tuple[Area, Figures]] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)


def year_figures(area: Area, year: int) -> YearFigures:
    """`area` found through `areas.selectors.area_for` (the user may see it)."""
    by: dict[int, Figures] = {}
    areas: dict[int, Area] = {}
    referred = within_area(Referral.objects.filter(referred_on__year=year), area)
    for cid, n in referred.values_list("community_id").annotate(n=Count("id")).order_by():
        by.setdefault(cid, Figures()).referrals = n
    hired = within_area(
        Referral.objects.filter(outcome=ReferralOutcome.HIRED, start_on__year=year), area
    ).values_list("community_id")
    for cid, n in hired.annotate(n=Count("id")).order_by():
        by.setdefault(cid, Figures()).hired = n
    left = within_area(
        Movement.objects.filter(
            program_id=DIBAO,
            kind__in=(MovementKind.TERMINATE, MovementKind.GRADUAL_EXIT),
            stop_reason=StopReason.EMPLOYED,
            recorded_on__year=year,
        ),
        area,
    ).values_list("community_id")
    for cid, n in left.annotate(n=Count("household_id", distinct=True)).order_by():
        by.setdefault(cid, Figures()).left_through_work = n
    for community in Area.objects.filter(pk__in=list(by)):
        areas[community.pk] = community
    out = YearFigures(year=year, area=area)
    out.communities = sorted(((areas[k], f) for k, f in by.items()), key=lambda pair: pair[0].code)
    for _area, figures in out.communities:
        out.total.referrals += figures.referrals
        out.total.hired += figures.hired
        out.total.left_through_work += figures.left_through_work
    return out


def waiting_delivery(user: Viewer) -> tuple[list[Service], Q]:
    """Entries at the step before a last step the community delivers itself (a senior card
    issued, not yet at the door): the services, and the condition on entries."""
    services = [
        s for s in visible_services(user).filter(community_delivers=True, active=True) if s.last_step >= 1
    ]
    condition = Q(pk__in=[])
    for service in services:
        condition |= Q(service=service, step=service.last_step - 1)
    return services, condition & Q(state=EntryState.OPEN)
