"""The monthly check of public-welfare labour: reminders first, then reviews.

For an area (a county, street or community) and a month, under the county's rule in force:
1. Count each person's unexcused absences in the month's sessions (one grouped query), and keep
   those who must take part that month (`obligation.py`): the exempt are not counted.
2. A person whose count reached `reminder_after` and who has no reminder for the month gets one
   (`Reminder`, printed as a notice, `printing.reminder_pdf`).
3. A person whose count reached `review_after` and who had been reminded before this check — for
   this month or an earlier one — has a review of their household opened through the reviews
   app, as a reported change whose proposed stop reason is "refused public-welfare labour". So a
   reminder always comes first: a first lapse is reminded, the next one reviewed. A household
   with a review already open gets that review linked, not a second one; a household no longer
   receiving is not reviewed.
Each reminder is unique per person and month and each review per household and month, so the
check run twice sends nothing twice and opens nothing twice.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.models import StopReason
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.months import this_month
from dibao.core.roles import LABOUR_WORKERS
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import Member
from dibao.reviews.models import OPEN_STATES, ChangeKind, Review, ReviewKind
from dibao.reviews.services import review_open

from ..models import LabourReview, Reminder
from ..selectors import Absent, county_of, obligations, rule_for, unexcused
from .records import require


@dataclass
class CheckResult:
    area: Area
    month: datetime.date
    counted: int = 0  # people who must take part with an unexcused absence
    reminders: list[Reminder] = field(default_factory=list)
    reviews: list[LabourReview] = field(default_factory=list)
    reminded_before: int = 0  # reminders already sent for the month
    reviewed_before: int = 0  # households already reviewed for the month
    not_receiving: int = 0  # reached the count, but the household is no longer under management

    def as_json(self) -> dict[str, Any]:
        return {
            "area": self.area.code,
            "month": f"{self.month:%Y-%m}",
            "counted": self.counted,
            "reminders": [
                {"id": r.pk, "member": r.member_id, "absences": r.absences} for r in self.reminders
            ],
            "reviews": [
                {"review": r.review_id, "household": r.household_id, "opened": r.opened} for r in self.reviews
            ],
            "reminded_before": self.reminded_before,
            "reviewed_before": self.reviewed_before,
            "not_receiving": self.not_receiving,
        }


def labour_check(*, area: Area, month: datetime.date, actor: User | None) -> CheckResult:
    require(actor, area, LABOUR_WORKERS)
    month = month.replace(day=1)
    if month > this_month():
        raise DomainError(_("A month is checked once its sessions have begun."), field="month")
    rule = rule_for(county_of(area).pk, month)
    absent = {a.member_id: a for a in unexcused(area, month)}
    people = list(
        Member.objects.filter(pk__in=list(absent)).select_related("household", "household__community")
    )
    judged = obligations(people, month, rule)
    counted = [p for p in people if judged[p.pk].must]
    result = CheckResult(area=area, month=month, counted=len(counted))
    today = timezone.localdate()
    with transaction.atomic():
        ids = [p.pk for p in counted]
        earlier = set(
            Reminder.objects.filter(member_id__in=ids, month__lte=month).values_list("member_id", flat=True)
        )
        this = set(
            Reminder.objects.filter(member_id__in=ids, month=month).values_list("member_id", flat=True)
        )
        result.reminded_before = len(this)
        due = [p for p in counted if absent[p.pk].count >= rule.reminder_after and p.pk not in this]
        result.reminders = _remind(due, absent, month, today, actor)
        reviewed = set(
            LabourReview.objects.filter(
                household_id__in=[p.household_id for p in counted], month=month
            ).values_list("household_id", flat=True)
        )
        for person in counted:
            a = absent[person.pk]
            if a.count < rule.review_after or person.pk not in earlier:
                continue
            if person.household_id in reviewed:
                result.reviewed_before += 1
                continue
            link = _review(person, a, month, actor)
            if link is None:
                result.not_receiving += 1
                continue
            reviewed.add(person.household_id)
            result.reviews.append(link)
    return result


def _remind(
    due: list[Member],
    absent: dict[int, Absent],
    month: datetime.date,
    today: datetime.date,
    actor: User | None,
) -> list[Reminder]:
    Reminder.objects.bulk_create(
        [
            Reminder(
                member=p,
                household_id=p.household_id,
                community_id=p.household.community_id,
                month=month,
                absences=absent[p.pk].count,
                issued_on=today,
                created_by=audit.acting_user(actor),
            )
            for p in due
        ]
    )
    # Read back for their ids on every database (SQLite's bulk insert returns them too, older ones not).
    made = list(
        Reminder.objects.filter(member_id__in=[p.pk for p in due], month=month).select_related("community")
    )
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=audit.Action.CREATE,
                obj=r,
                area_code=r.community.code,
                household_id=r.household_id,
                after={"member": r.member_id, "month": f"{month:%Y-%m}", "absences": r.absences},
            )
            for r in made
        ]
    )
    return made


def _review(person: Member, absent: Absent, month: datetime.date, actor: User | None) -> LabourReview | None:
    household = person.household
    description = _(
        "Public-welfare labour: %(name)s was absent without excuse %(n)d times in %(month)s, "
        "after a reminder."
    ) % {"name": person.name, "n": absent.count, "month": f"{month:%Y-%m}"}
    opened = True
    try:
        review = review_open(
            household=household,
            actor=actor,
            kind=ReviewKind.CHANGE,
            change_kind=ChangeKind.OTHER,
            occurred_on=min(absent.last, timezone.localdate()),
            description=description,
            stop_reason=StopReason.REFUSED_LABOUR,
        )
    except DomainError as exc:
        if exc.code == "exists":
            found = Review.objects.filter(
                household=household, program_id=DIBAO, state__in=OPEN_STATES
            ).first()
            if found is None:
                raise
            review, opened = found, False
        elif exc.code == "state":
            return None
        else:
            raise
    link = LabourReview.objects.create(
        household=household,
        member=person,
        community=household.community,
        month=month,
        absences=absent.count,
        review=review,
        opened=opened,
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=link,
        area_code=household.community.code,
        household_id=household.pk,
        after={"member": person.pk, "month": f"{month:%Y-%m}", "review": review.pk, "opened": opened},
    )
    return link
