"""Opening reviews: one household's (scheduled, or a change it reported), or a whole area's at once."""

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.models import StopReason
from dibao.benefits.services import open_entitlement
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.months import parse_date
from dibao.core.roles import CAMPAIGN_OPENERS, REVIEW_WORKERS
from dibao.core.scoping import within_area
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import Household, HouseholdStatus

from ..models import OPEN_STATES, Campaign, ChangeKind, Review, ReviewKind
from .access import require

UNDER_MANAGEMENT = (HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED)


def _refuse_second(household: Household) -> None:
    if Review.objects.filter(household=household, program_id=DIBAO, state__in=OPEN_STATES).exists():
        raise DomainError(
            _("Household %(number)s already has an open review; record the change in it.")
            % {"number": household.number},
            code="exists",
        )


def review_open(
    *,
    household: Household,
    actor: User | None,
    kind: str = ReviewKind.SCHEDULED,
    change_kind: str = "",
    occurred_on: Any = None,
    description: str = "",
    evidence: UploadedFile | None = None,
    stop_reason: str = "",
    today: datetime.date | None = None,
) -> Review:
    """A review of a receiving or suspended household; for a reported change (kind `change`),
    what changed, when, and the evidence brought, all checked before anything is written.
    `stop_reason` is the reason a stop would have, proposed when the review is opened for it
    (public-welfare labour refused: `labour.services.check`); recording the outcome may change it.
    `today`: the day it is opened (a reported change is due that day), today unless given."""
    require(actor, household.community, REVIEW_WORKERS)
    if household.status not in UNDER_MANAGEMENT:
        raise DomainError(_("Only a receiving or suspended household is reviewed."), code="state")
    if kind not in (ReviewKind.SCHEDULED, ReviewKind.CHANGE):
        raise DomainError(_("Unknown kind of review '%(v)s'.") % {"v": kind}, field="kind")
    today = today or timezone.localdate()
    errors: dict[str, list[Any]] = {}
    day = None
    if kind == ReviewKind.CHANGE:
        if change_kind not in ChangeKind.values:
            errors["change_kind"] = [_("Say what changed.")]
        try:
            day = parse_date(occurred_on, "occurred_on")
        except DomainError as exc:
            errors.update(exc.errors)
        else:
            if day is None:
                errors["occurred_on"] = [_("Say when it happened.")]
            elif day > today:
                errors["occurred_on"] = [_("A change is reported after it happened.")]
    if stop_reason and stop_reason not in StopReason.values:
        errors["stop_reason"] = [_("Unknown reason '%(v)s'.") % {"v": stop_reason}]
    if errors:
        raise DomainError(errors=errors)
    current = open_entitlement(household, program=DIBAO, lock=False)
    due = (
        today
        if kind == ReviewKind.CHANGE
        else (current.next_review if current and current.next_review else today)
    )
    with transaction.atomic():
        _refuse_second(household)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    household=household,
                    program_id=DIBAO,
                    community=household.community,
                    kind=kind,
                    due_on=due,
                    change_kind=change_kind if kind == ReviewKind.CHANGE else "",
                    occurred_on=day,
                    description=description.strip(),
                    evidence=evidence or "",
                    stop_reason=stop_reason,
                    opened_by=audit.acting_user(actor),
                )
        except IntegrityError:  # opened by someone else a moment ago
            _refuse_second(household)
            raise
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=review,
            area_code=household.community.code,
            household_id=household.pk,
            after=audit.snapshot(
                review,
                ["kind", "due_on", "change_kind", "occurred_on", "evidence"]
                + (["stop_reason"] if stop_reason else []),
            ),
        )
    return review


def campaign_openable(
    *, area: Area, year: int, due_on: Any, actor: User | None, look: bool = True
) -> datetime.date:
    """The refusals of `campaign_open` that can be told before it runs (so a page or the API
    answers them at once), and the due date read; `campaign_open` checks them again."""
    require(actor, area, CAMPAIGN_OPENERS)
    due = parse_date(due_on, "due_on")
    if due is None:
        raise DomainError(_("Say by when the reviews are due."), field="due_on")
    if not str(year).isdigit() or not 2000 <= int(year) <= 2100:
        raise DomainError(_("'%(v)s' is not a year.") % {"v": year}, field="year")
    if look and Campaign.objects.filter(area=area, year=year).exists():
        raise _exists(area, year)
    return due


def _exists(area: Area, year: int) -> DomainError:
    return DomainError(
        _("%(area)s already has its annual review for %(year)s.") % {"area": area.name, "year": year},
        code="exists",
    )


def campaign_open(*, area: Area, year: int, due_on: Any, actor: User | None) -> Campaign:
    """An annual review: a review for every receiving or suspended household of `area` that has
    none open, in a few statements whatever the area's size."""
    due = campaign_openable(area=area, year=year, due_on=due_on, actor=actor, look=False)
    with transaction.atomic():
        if Campaign.objects.filter(area=area, year=year).exists():
            raise _exists(area, year)
        campaign = Campaign.objects.create(
            area=area, year=year, due_on=due, created_by=audit.acting_user(actor)
        )
        households = (
            within_area(Household.objects.all(), area)
            .filter(status__in=UNDER_MANAGEMENT)
            .exclude(
                pk__in=Review.objects.filter(program_id=DIBAO, state__in=OPEN_STATES).values("household_id")
            )
            .values_list("id", "community_id", "community__code")
        )
        rows = list(households)
        opener = audit.acting_user(actor)
        reviews = Review.objects.bulk_create(
            [
                Review(
                    household_id=hid,
                    program_id=DIBAO,
                    community_id=cid,
                    kind=ReviewKind.CAMPAIGN,
                    campaign=campaign,
                    due_on=due,
                    opened_by=opener,
                )
                for hid, cid, _code in rows
            ],
            batch_size=2000,
        )
        codes = {hid: code for hid, _cid, code in rows}
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.CREATE,
                    obj=r,
                    area_code=codes[r.household_id],
                    household_id=r.household_id,
                    after={"kind": ReviewKind.CAMPAIGN, "due_on": due.isoformat(), "campaign": campaign.pk},
                )
                for r in reviews
            ]
        )
        campaign.reviews = len(reviews)
        campaign.save(update_fields=["reviews"])
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=campaign,
            area_code=area.code,
            after={"year": year, "due_on": due.isoformat(), "reviews": len(reviews)},
        )
    return campaign
