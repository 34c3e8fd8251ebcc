"""The demo county's year: twelve months of history told through the apps' services, so that every
page has something real on the first log-in.

`tell` runs once, on a county just built (`county.build(..., story=True)`), whose households were
registered with their means from the first month of the year told, the month twelve months before
this one, and whose receiving households were brought in (期初结转) from it. Then, month by month:

1. gradual exits that have run out end (`gradual_exits_finish` on the month's first day);
2. reviews due that month are opened, recorded and, where a street must approve, approved —
   continued, raised, lowered or begun on a gradual exit as the assessment finds; a few reported
   changes (a new income), suspensions, a resumption and terminations;
3. applications of every recurring program are made, investigated, posted and decided within the
   month — approved when the program's test passes, refused with its reasons when not — so
   entitlements start in every month and the change report has entries in every period;
4. the month's payroll run is drafted, checked by every street, approved, sent to the bank and
   paid (the bank's results recorded on every line).
5. in the last three months, each community with a worker keeps a public-welfare labour
   (公益劳动) group of the people who must take part: Monday, Wednesday and Friday mornings
   scheduled, signed in at each session with a few absent, and the county's check run at the
   month's end (a reminder sent to whoever missed too many).

This month then holds the work in progress: applications of every program at every step (one
overdue), reviews due and overdue, one recorded and waiting for the street, a reported change,
one-off help (临时救助 given first with its paperwork due, one decided, a 医疗救助 claim, a holiday
campaign), and this month's run drafted and checked, waiting for the county's approval.

Every date is the day it happened in the story: the services take it (`on=`, `today=`,
`decided_on=`, the dates of the records themselves). What the services stamp as the moment a row
was written (`created_at`, an approval's time) is the moment the demo was built: the payroll
reads those moments to find arrears, and the story keeps them in the order it tells.
"""

import datetime
import io
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.assistance.holiday.services import (
    holiday_campaign_create,
    holiday_campaign_select,
    holiday_cash_grants_record,
    holiday_recipient_deliver,
)
from dibao.assistance.medical.services import claim_decide, claim_record
from dibao.assistance.models import HolidayRecipient
from dibao.assistance.services.temporary import temporary_apply, temporary_help_first
from dibao.benefits.models import Entitlement, Reason, StopReason
from dibao.benefits.services import (
    Grant,
    entitlement_set_next_review,
    entitlements_bulk_grant,
    gradual_exits_finish,
)
from dibao.benefits.services.grants import person_entitlements_bulk_grant
from dibao.cases import services as cases
from dibao.cases import workflow
from dibao.cases.checklist import missing_materials
from dibao.cases.models import Application, State
from dibao.cases.programs import procedure, program_test
from dibao.cases.recognition import recognition_grant, recognition_test
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.core.roles import Role
from dibao.core.scoping import within_area
from dibao.labour import selectors as labour_selectors
from dibao.labour import services as labour
from dibao.labour.models import Group, Task
from dibao.payroll.models import Line, Run, RunState
from dibao.payroll.services import run_approve, run_check, run_draft
from dibao.payroll.services.bankfiles import bank_file_export
from dibao.payroll.services.results import bank_results_record
from dibao.policy.assessment import assess
from dibao.policy.engine.calculation import NotAssessable
from dibao.policy.models import Program
from dibao.policy.programs import codes
from dibao.policy.services import program_rules_set
from dibao.registry.models import (
    CareAssessment,
    DisabilityGrade,
    Employment,
    Household,
    HouseholdStatus,
    Member,
    Relation,
)
from dibao.registry.services import care_assessment_add, income_add
from dibao.reviews.inputs import ReviewRecordData
from dibao.reviews.models import ChangeKind, Outcome, Review, ReviewKind, ReviewState
from dibao.reviews.services import review_approve, review_open, review_record

INVESTIGATORS = "张明, 李华"
LABOUR_MONTHS = 9  # public-welfare labour is told from the tenth of the twelve months on
# The recurring programs beside 低保 whose applications the story decides, in turn, month by month.
PERSON_PROGRAMS = (
    codes.ELDERLY_ALLOWANCE,
    codes.DISABILITY_LIVING,
    codes.DISABILITY_CARE,
    codes.EXTREME_POVERTY,
)
PROGRAMS = (codes.DIBAO, codes.NEAR_POVERTY, *PERSON_PROGRAMS)
# Where an application in progress stands this month (every program reaches the states its
# procedure has: 高龄津贴 and the subsidies have no public notice).
# The changes households report, by the month of the story: income item, amount, what changed.
CHANGES = {
    3: ("pension", "1800", ChangeKind.INCOME, "户主开始领取城镇职工养老金。"),
    5: ("maintenance", "300", ChangeKind.INCOME, "子女开始按月给付赡养费。"),
    8: ("pension", "1600", ChangeKind.INCOME, "配偶补缴后开始领取养老金。"),
    10: ("wage", "1800", ChangeKind.EMPLOYMENT, "家庭成员经社区推荐到物业公司就业。"),
    11: ("maintenance", "400", ChangeKind.INCOME, "外地子女开始每月寄回生活费。"),
}
# How many days ago an application in progress was made, to stand at its state today (a notice
# runs seven days).
STARTED = {
    State.SUBMITTED: 2,
    State.ACCEPTED: 4,
    State.INVESTIGATED: 6,
    State.UNDER_NOTICE: 8,
    State.NOTICE_CLOSED: 15,
    State.REVIEWED: 17,
}
OPEN_REVIEW = (ReviewState.OPEN, ReviewState.PROPOSED)
IN_PROGRESS = (
    State.SUBMITTED,
    State.ACCEPTED,
    State.INVESTIGATED,
    State.UNDER_NOTICE,
    State.NOTICE_CLOSED,
    State.REVIEWED,
)


@dataclass
class Told:
    """What the story wrote, counted (the command prints it)."""

    counts: Counter[str]

    def as_json(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))


class _Cast:
    """Who acts: the demo users — a community's worker where it has one, else its street's officer,
    the street for reviews and checks, the county for decisions and the payroll."""

    def __init__(self, county: Area) -> None:
        users = list(
            User.objects.filter(is_active=True, area__code__startswith=county.code).select_related("area")
        )
        self.county = next(u for u in users if u.role == Role.COUNTY and u.area_id == county.pk)
        self.streets = {u.area_id: u for u in users if u.role == Role.STREET}
        self.workers = {u.area_id: u for u in users if u.role == Role.COMMUNITY}

    def street(self, community: Area) -> User:
        return self.streets.get(community.parent_id or 0) or self.county

    def worker(self, community: Area) -> User:
        return self.workers.get(community.pk) or self.street(community)


def _day(month: datetime.date, day: int) -> datetime.date:
    return month.replace(day=min(day, 28))


class Story:
    def __init__(self, county: Area, today: datetime.date, rng: random.Random) -> None:
        self.county = county
        self.today = today
        self.rng = rng
        self.this_month = today.replace(day=1)
        self.first = add_months(self.this_month, -12)
        self.cast = _Cast(county)
        self.counts: Counter[str] = Counter()
        self.communities = {
            a.pk: a
            for a in within_area(Area.objects.filter(level=Level.COMMUNITY), county, "code").select_related(
                "parent"
            )
        }

    # -- the households ------------------------------------------------------------------------

    def households(self, *statuses: str) -> list[Household]:
        rows = Household.objects.filter(county=self.county, status__in=statuses).order_by("pk")
        found = list(rows)
        for h in found:
            h.community = self.communities[h.community_id]
        return found

    def paid_households(self) -> set[int]:
        rows = Entitlement.objects.filter(
            program_id=codes.DIBAO, household__county=self.county, month_to__isnull=True, member__isnull=True
        )
        return set(rows.values_list("household_id", flat=True))

    def under_review(self) -> set[int]:
        rows = Review.objects.filter(community__code__startswith=self.county.code, state__in=OPEN_REVIEW)
        return set(rows.values_list("household_id", flat=True))

    def holds(self, household: Household, program: str, member: Member | None = None) -> bool:
        rows = Entitlement.objects.filter(household=household, program_id=program, month_to__isnull=True)
        return (rows.filter(member=member) if member else rows).exists()

    # -- applications --------------------------------------------------------------------------

    def apply(
        self,
        household: Household,
        program: str,
        member: Member | None,
        *,
        start: datetime.date,
        until: str,
        refuse_reason: str = "",
    ) -> Application | None:
        """An application made on `start`, taken step by step, a day or two apart, up to `until`
        (a state in progress, or approved/rejected: decided as the program's test finds unless
        `refuse_reason` is given). None when the application is refused at creation."""
        community = household.community
        worker = self.cast.worker(community)
        if start > self.today:
            raise ValueError(f"an application made after today ({start})")
        try:
            app = cases.application_create(
                household=household,
                data={"program": program, "member": member.pk if member else None},
                actor=worker,
            )
        except DomainError:
            return None
        day = start
        app = cases.transition(application=app, step="submit", actor=worker, on=day)
        self.counts["applications"] += 1
        if until == State.SUBMITTED:
            return app
        for kind in missing_materials(app):
            cases.material_add(application=app, kind=kind, seen_on_paper=True, actor=worker)
        day += datetime.timedelta(days=1)
        app = cases.transition(application=app, step="accept", actor=worker, on=day)
        if until == State.ACCEPTED:
            return app
        day += datetime.timedelta(days=2)
        cases.investigation_record(
            application=app,
            data={"visited_on": day.isoformat(), "investigators": INVESTIGATORS, "housing": "两居室"},
            actor=worker,
        )
        day += datetime.timedelta(days=1)
        app = cases.transition(application=app, step="investigate", actor=worker, on=day)
        # The economic check's answer (核对中心), which the street's review and the decision read.
        cases.verification_add(
            application=app,
            data={"kind": "other", "description": "核对结果与申报一致", "amount": "0", "source": "核对中心"},
            actor=worker,
        )
        if until == State.INVESTIGATED:
            return app
        procedure = cases.procedure_for(app, day)
        if procedure.notice:
            day += datetime.timedelta(days=1)
            notice = cases.notice_post(applications=[app], posted_on=day, mask_given_names=True, actor=worker)
            app.refresh_from_db()
            if until == State.UNDER_NOTICE:
                return app
            day = notice.ends_on + datetime.timedelta(days=1)
            app = cases.transition(application=app, step="close_notice", actor=worker, on=day)
            if until == State.NOTICE_CLOSED:
                return app
        if app.state in workflow.sources(workflow.STEPS["review"], app, procedure):
            day += datetime.timedelta(days=1)
            app = cases.transition(
                application=app,
                step="review",
                actor=self.cast.street(community),
                data={"opinion": "经入户调查，情况属实，同意上报。"},
                on=day,
            )
        if until not in (State.APPROVED, State.REJECTED):
            return app
        day += datetime.timedelta(days=2)
        return self.decide(app, day, refuse_reason)

    def decide(self, app: Application, day: datetime.date, refuse_reason: str) -> Application:
        decider = self.cast.county
        reasons = refuse_reason or self.not_eligible(app, add_months(day.replace(day=1), 1))
        if reasons:
            app = cases.transition(
                application=app, step="reject", actor=decider, data={"reasons": reasons}, on=day
            )
            self.counts["refused"] += 1
            return app
        app = cases.transition(application=app, step="approve", actor=decider, on=day)
        self.counts["approved"] += 1
        return app

    def not_eligible(self, app: Application, month: datetime.date) -> str:
        """The reasons the program's test gives against the application in `month` ("" when it
        passes)."""
        program = str(app.program_id)
        try:
            if program == codes.DIBAO:
                result: Any = assess(app.household, month)
                return "" if result.eligible else " ".join(line.render() for line in result.reasons)
            if program in (codes.NEAR_POVERTY, codes.RIGID_EXPENSE):
                found, _means = recognition_test(program=program, household=app.household, month=month)
            else:
                assert app.member is not None
                found = program_test(program=program, member=app.member, month=month)
        except (DomainError, NotAssessable) as exc:
            return str(exc)
        return "" if found.eligible else " ".join(line.render() for line in found.lines)[:500] or "不符合条件"

    # -- policy and the households brought in ---------------------------------------------------

    def program_terms(self) -> None:
        """The programs beside 低保 as the county runs them, from the first month of last year: 高龄津贴
        decided by the street, the others on the national terms."""
        since = f"{self.today.year - 1}-01"
        local = {codes.ELDERLY_ALLOWANCE: {"street_decides": True}}
        for program in Program.objects.exclude(code=codes.DIBAO).order_by("code"):
            program_rules_set(
                area=self.county,
                program=program,
                data={"valid_from": since, "terms": local.get(program.code, {}), "note": "示例县"},
                actor=self.cast.county,
            )

    def bring_in_programs(self) -> None:
        """Persons and households already holding a program beside 低保 when the year begins."""
        first = self.first
        current = Member.objects.filter(household__county=self.county, is_current=True).select_related(
            "household__community"
        )
        receiving = set(
            Entitlement.objects.filter(
                program_id=codes.DIBAO, household__county=self.county, month_to__isnull=True
            ).values_list("household_id", flat=True)
        )
        chosen: dict[str, list[tuple[Member, Grant]]] = {p: [] for p in PERSON_PROGRAMS}
        eligible: Counter[str] = Counter()
        for member in current.order_by("pk"):
            if member.household.status == HouseholdStatus.TERMINATED:
                continue
            for program in (codes.ELDERLY_ALLOWANCE, codes.DISABILITY_LIVING, codes.DISABILITY_CARE):
                if program != codes.ELDERLY_ALLOWANCE and member.disability_grade in (None, 0, ""):
                    continue
                if program == codes.ELDERLY_ALLOWANCE and (first - member.birth_date).days < 79 * 365:
                    continue
                if len(chosen[program]) >= 25:
                    continue
                result = program_test(program=program, member=member, month=first)
                if result.eligible:
                    eligible[program] += 1
                    if eligible[program] % 4 == 0:
                        continue  # one in four has not applied yet: they do during the year
                    chosen[program].append((member, self.person_grant(member, result.amount, program)))
        # 特困: people living alone, old or disabled, with no income, nobody bound to support them
        # and their self-care assessed; none of them receives 低保.
        alone = [
            h
            for h in self.households(HouseholdStatus.REGISTERED)
            if h.pk not in receiving and h.members.filter(is_current=True).count() == 1
        ]
        for household in alone[:8]:
            member = household.members.get(relation=Relation.SELF)
            if len(chosen[codes.EXTREME_POVERTY]) < 4 and self.passes(
                codes.EXTREME_POVERTY, household, member, first
            ):
                result = program_test(program=codes.EXTREME_POVERTY, member=member, month=first)
                chosen[codes.EXTREME_POVERTY].append(
                    (member, self.person_grant(member, result.amount, codes.EXTREME_POVERTY))
                )
        for program, grants in chosen.items():
            if grants:
                self.counts["brought_in"] += person_entitlements_bulk_grant(
                    county=self.county,
                    grants=grants,
                    month_from=first,
                    reason=Reason.MIGRATION,
                    actor=None,
                    program=program,
                    note="demo data",
                )
        # 边缘: households just above the line, recognised before the year began.
        near: list[tuple[Household, Grant]] = []
        held = {m.household_id for grants in chosen.values() for m, _ in grants}
        for household in self.households(HouseholdStatus.REGISTERED):
            if household.pk in held or len(near) >= 12:
                continue
            result, means = recognition_test(program=codes.NEAR_POVERTY, household=household, month=first)
            if result.eligible:
                grant = recognition_grant(codes.NEAR_POVERTY, household, first, means, [])
                near.append((household, grant))
        if near:
            self.counts["brought_in"] += entitlements_bulk_grant(
                grants=near,
                month_from=first,
                reason=Reason.MIGRATION,
                actor=None,
                program=codes.NEAR_POVERTY,
                note="demo data",
            )

    def spread_reviews(self) -> None:
        """The roster taken over had its reviews on dates of its own: each household brought in is
        next reviewed in a month of its interval, not all twelve months after the take-over."""
        brought_in = Entitlement.objects.filter(
            program_id=codes.DIBAO,
            household__county=self.county,
            reason=Reason.MIGRATION,
            month_to__isnull=True,
        ).select_related("household__community")
        for entitlement in brought_in.order_by("pk"):
            interval = (
                max(
                    1,
                    (entitlement.next_review.year - self.first.year) * 12
                    + entitlement.next_review.month
                    - self.first.month,
                )
                if entitlement.next_review
                else 12
            )
            entitlement_set_next_review(
                entitlement=entitlement,
                next_review=add_months(self.first, self.rng.randint(1, interval)),
                actor=None,
                note="demo data",
            )

    def person_grant(self, member: Member, amount: Decimal, program: str) -> Grant:
        return Grant(
            amount=amount,
            persons=1,
            urban_rural=member.household.urban_rural,
            next_review=add_months(self.first, 12),
        )

    # -- the months ----------------------------------------------------------------------------

    def tell(self) -> None:
        self.program_terms()
        self.spread_reviews()
        self.bring_in_programs()
        for index in range(12):
            self.month(add_months(self.first, index), index)
        self.now()

    def month(self, month: datetime.date, index: int) -> None:
        """One past month, in the order its work is done (see the module's docstring)."""
        self.counts["gradual_exits_ended"] += gradual_exits_finish(
            county_id=self.county.pk, today=month, actor=None
        )
        self.reviews(month, skip_every=4 if index == 11 else 0)
        self.stops(month, index)
        self.applications(month, index)
        self.payroll(month)
        if index >= LABOUR_MONTHS:
            self.labour(month)

    def labour(self, month: datetime.date) -> None:
        """The month's public-welfare labour in each community with a worker: a group of those who
        must take part (formed the first time), its Monday, Wednesday and Friday mornings, each
        signed in with about one in eight absent, and the county's check at the month's end."""
        end = add_months(month, 1) - datetime.timedelta(days=1)
        rule = labour_selectors.rule_for(self.county.pk, month)
        for community_id, worker in self.cast.workers.items():
            community = self.communities.get(community_id or 0)
            if community is None:
                continue
            group = Group.objects.filter(community=community).first()
            if group is None:
                group = labour.group_create(
                    community=community,
                    data={"name": f"{community.name[:-2]}公益劳动一组", "task": Task.CLEANING},
                    actor=worker,
                )
                people = list(labour_selectors.candidates(group)[:200])
                must = labour_selectors.obligations(people, month, rule)
                for person in [p for p in people if must[p.pk].must][:12]:
                    labour.group_member_add(group=group, member=person, actor=worker)
            sessions = labour.sessions_schedule(
                group=group,
                data={
                    "weekdays": "0,2,4",
                    "date_from": month.isoformat(),
                    "date_to": end.isoformat(),
                    "starts_at": "08:30",
                    "ends_at": "10:30",
                    "task": Task.CLEANING,
                    "place": "社区服务站",
                    "working_days_only": "1",
                },
                actor=worker,
            )
            members = list(labour_selectors.current_members(group).values_list("member_id", flat=True))
            for session in sessions:
                present = [m for m in members if self.rng.random() > 0.125]
                labour.attendance_sign_list(session=session, present=present, actor=worker)
                self.counts["labour_sessions"] += 1
        checked = labour.labour_check(area=self.county, month=month, actor=self.cast.county)
        self.counts["labour_reminders"] += len(checked.reminders)

    def reviews(self, month: datetime.date, *, skip_every: int = 0, day: int = 8) -> None:
        """The month's scheduled reviews, opened on the 8th and recorded a few days later as the
        assessment finds; every `skip_every`-th is left undone (overdue)."""
        end = add_months(month, 1) - datetime.timedelta(days=1)
        due = (
            Entitlement.objects.filter(
                program_id=codes.DIBAO,
                household__county=self.county,
                month_to__isnull=True,
                member__isnull=True,
                next_review__lte=end,
                household__status=HouseholdStatus.RECEIVING,
            )
            .exclude(household__reviews__state__in=OPEN_REVIEW)
            .select_related("household")
            .order_by("next_review", "household_id")
        )
        opened = min(_day(month, day), self.today)
        for n, entitlement in enumerate(due, start=1):
            if skip_every and n % skip_every == 0:
                continue
            household = entitlement.household
            household.community = self.communities[household.community_id]
            review = review_open(
                household=household, actor=self.cast.worker(household.community), today=opened
            )
            self.record(review, opened + datetime.timedelta(days=4) if opened < self.today else opened)

    def record(
        self,
        review: Review,
        day: datetime.date,
        *,
        outcome: str | None = None,
        stop_reason: str = "",
        reason_text: str = "",
        approve: bool = True,
        exit_months: int | None = None,
    ) -> Review:
        """Record a review as the assessment finds (or with the `outcome` given), approved by the
        street where it must be, unless `approve` is false."""
        day = min(day, self.today)
        household = review.household
        community = self.communities[household.community_id]
        month = day.replace(day=1)
        data: ReviewRecordData = {
            "checked_income": True,
            "checked_assets": True,
            "checked_members": True,
            "visited_on": day.isoformat(),
            "findings": "入户核查，家庭成员、收入和财产与申报一致。",
            "effective_on": day.isoformat(),
        }
        if outcome is None:
            current = Entitlement.objects.get(
                household=household, program_id=codes.DIBAO, member__isnull=True, month_to__isnull=True
            )
            result = assess(household, month)
            if not result.eligible:
                outcome, stop_reason = Outcome.GRADUAL_EXIT, StopReason.INCOME_ABOVE
                data["findings"] = "家庭收入已超过低保标准，按规定渐退。"
            elif result.monthly_amount > current.amount:
                outcome = Outcome.RAISE
            elif result.monthly_amount < current.amount:
                outcome = Outcome.LOWER
            else:
                outcome = Outcome.CONTINUE
        data.update({"outcome": outcome, "stop_reason": stop_reason, "reason_text": reason_text})
        if outcome == Outcome.GRADUAL_EXIT and exit_months:
            data["exit_months"] = exit_months
        review = review_record(review=review, data=data, actor=self.cast.worker(community), on=day)
        self.counts["reviews"] += 1
        if review.state == ReviewState.PROPOSED and approve:
            review = review_approve(
                review=review,
                actor=self.cast.street(community),
                on=min(day + datetime.timedelta(days=2), self.today),
            )
        return review

    def stops(self, month: datetime.date, index: int) -> None:
        """Suspensions, a resumption, terminations and reported changes, spread over the year."""
        day = _day(month, 12)
        paid, reviewed = self.paid_households(), self.under_review()
        receiving = [
            h for h in self.households(HouseholdStatus.RECEIVING) if h.pk in paid and h.pk not in reviewed
        ]
        if not receiving:
            return
        self.rng.shuffle(receiving)
        if index == 1:  # the households the register shows suspended: suspended pending checks
            for household in self.households(HouseholdStatus.RECEIVING):
                if household.pk in self.to_suspend:
                    self.stop(
                        household,
                        day,
                        Outcome.SUSPEND,
                        StopReason.VERIFICATION,
                        "户籍地与居住地不一致，待核实。",
                    )
        if index in (3, 7, 11) and receiving:
            self.stop(
                receiving.pop(),
                day,
                Outcome.SUSPEND,
                StopReason.ABSENT,
                "连续两次入户核查均未见本人，暂停待核实。",
            )
        if index in (2, 6, 9) and receiving:
            household = receiving.pop()
            self.stop(
                household,
                day,
                Outcome.TERMINATE,
                StopReason.DEATH if index == 6 else StopReason.MOVED_AWAY,
                "经核实，户主已迁出本辖区。" if index != 6 else "户主已去世，家庭无其他成员。",
            )
        if index == 8:
            suspended = self.households(HouseholdStatus.SUSPENDED)
            if suspended:
                household = suspended[0]
                review = review_open(
                    household=household, actor=self.cast.worker(household.community), today=day
                )
                try:
                    self.record(review, day, outcome=Outcome.RESUME)
                    self.counts["resumed"] += 1
                except DomainError:
                    pass
        if index in CHANGES and receiving:
            self.reported_change(receiving.pop(), month, *CHANGES[index])

    def reported_change(
        self, household: Household, month: datetime.date, item: str, amount: str, kind: str, what: str
    ) -> None:
        """A change the household reported early in the month: an income from that month on,
        reviewed on the 12th — a pension ends the benefit gradually (three months), maintenance
        lowers it, wages from a new job are not counted in its trial period."""
        worker = self.cast.worker(household.community)
        earner = household.members.filter(is_current=True).order_by("relation", "pk").first()
        assert earner is not None
        income_add(
            household=household,
            data={
                "member": earner.pk,
                "kind": "wage" if item == "wage" else "transfer",
                "item": item,
                "amount": amount,
                "month_from": f"{month:%Y-%m}",
                "source": what,
            },
            actor=worker,
        )
        review = review_open(
            household=household,
            actor=worker,
            kind=ReviewKind.CHANGE,
            change_kind=kind,
            occurred_on=_day(month, 3).isoformat(),
            description=what,
            today=_day(month, 5),
        )
        self.record(review, _day(month, 12), exit_months=3)
        self.counts["reported_changes"] += 1

    def stop(self, household: Household, day: datetime.date, outcome: str, reason: str, text: str) -> None:
        review = review_open(household=household, actor=self.cast.worker(household.community), today=day)
        self.record(review, day, outcome=outcome, stop_reason=reason, reason_text=text)
        self.counts["suspended" if outcome == Outcome.SUSPEND else "terminated"] += 1

    def applications(self, month: datetime.date, index: int) -> None:
        """Two 低保 applications a month and one of a program beside it in turn, decided within the
        month: approved where the program's test passes, and one a quarter refused — on the
        test's reasons, or for a reason of the investigation's own."""
        start = _day(month, 2 + index % 3)
        decided_in = add_months(month, 1)
        refuse = index % 3 == 1
        for n in range(2):
            self.one_of(
                codes.DIBAO, start, until=State.APPROVED, eligible=not (refuse and n == 1), month=decided_in
            )
        # Each program beside 低保 in turn: approved the first time round, refused the second.
        program = (*PERSON_PROGRAMS, codes.NEAR_POVERTY)[index % 5]
        self.one_of(program, start, until=State.APPROVED, eligible=index < 5 or index >= 10, month=decided_in)

    def one_of(
        self,
        program: str,
        start: datetime.date,
        *,
        until: str,
        eligible: bool | None = None,
        month: datetime.date | None = None,
    ) -> Application | None:
        """An application of `program` for the first candidate the program's rules let apply —
        one its test finds eligible for `month` (or not, `eligible=False`) where it matters."""
        spare = None
        for household, member in self.candidates(program, broad=eligible is False):
            if eligible is not None:
                found = self.passes(program, household, member, month or start.replace(day=1))
                if found is not eligible:
                    spare = spare or (household, member)
                    continue
            app = self.apply(household, program, member, start=start, until=until)
            if app is not None:
                return app
        if eligible is False and spare is not None:  # everyone passes the test: refused on the visit
            reason = "经入户调查，申请人实际由子女共同生活照料，所报情况与事实不符。"
            return self.apply(spare[0], program, spare[1], start=start, until=until, refuse_reason=reason)
        return None

    def passes(self, program: str, household: Household, member: Member | None, month: datetime.date) -> bool:
        """Would the program's test grant it in `month`? (特困 has its self-care assessed first.)"""
        try:
            if program == codes.DIBAO:
                return assess(household, month).eligible
            if program in (codes.NEAR_POVERTY, codes.RIGID_EXPENSE):
                return recognition_test(program=program, household=household, month=month)[0].eligible
            assert member is not None
            if program == codes.EXTREME_POVERTY:
                self.care_assessed(household, member, month)
            return program_test(program=program, member=member, month=month).eligible
        except (DomainError, NotAssessable):
            return False

    def care_assessed(self, household: Household, member: Member, month: datetime.date) -> None:
        if CareAssessment.objects.filter(member=member).exists():
            return
        care_assessment_add(
            household=household,
            data={
                "member": member.pk,
                "assessed_on": min(add_months(month, -1), self.today).isoformat(),
                "failed": ["bathing", "dressing"] if member.pk % 2 else [],
                "assessor": "区评估中心",
            },
            actor=self.cast.worker(household.community),
        )

    def candidates(self, program: str, *, broad: bool = False) -> Iterable[tuple[Household, Member | None]]:
        """Who may apply: for 低保 and 边缘 the registered households holding neither and never
        refused it; for a person's program the persons its test looks at (old, disabled, alone)
        not holding it — `broad`: the persons who might think so (seventy and over, not disabled)."""
        if program in (codes.DIBAO, codes.NEAR_POVERTY):
            statuses = [HouseholdStatus.REGISTERED]
            if program == codes.DIBAO:
                statuses.append(HouseholdStatus.APPLYING)
            refused = set(
                Application.objects.filter(program_id=program, state=State.REJECTED).values_list(
                    "household_id", flat=True
                )
            )
            for household in self.households(*statuses):
                if household.pk in refused:
                    continue
                if not (self.holds(household, codes.NEAR_POVERTY) or self.holds(household, codes.DIBAO)):
                    yield household, None
            return
        if program == codes.DISABILITY_LIVING:
            statuses = [HouseholdStatus.RECEIVING]
        elif program == codes.EXTREME_POVERTY:
            statuses = [HouseholdStatus.REGISTERED, HouseholdStatus.APPLYING]
        else:
            statuses = [HouseholdStatus.REGISTERED, HouseholdStatus.RECEIVING]
        members = Member.objects.filter(
            household__county=self.county, household__status__in=statuses, is_current=True
        )
        if program in (codes.DISABILITY_LIVING, codes.DISABILITY_CARE) and not broad:
            members = members.exclude(disability_grade=DisabilityGrade.NONE)
        if program == codes.ELDERLY_ALLOWANCE:
            age = 70 if broad else 78
            members = members.filter(birth_date__lte=self.today.replace(year=self.today.year - age))
        if program == codes.EXTREME_POVERTY:
            members = members.filter(
                employment__in=[Employment.NONE, Employment.RETIRED, Employment.UNEMPLOYED]
            ).exclude(household__in=Entitlement.objects.filter(month_to__isnull=True).values("household_id"))
        held = Entitlement.objects.filter(program_id=program, month_to__isnull=True, member__isnull=False)
        members = members.exclude(pk__in=held.values("member_id")).select_related("household")
        for member in members.order_by("pk"):
            household = member.household
            household.community = self.communities[household.community_id]
            yield household, member

    # -- the payroll ---------------------------------------------------------------------------

    def payroll(self, month: datetime.date, *, pay: bool = True) -> Run:
        """The month's run drafted and checked by every street; approved, sent and paid unless
        `pay` is false (this month's, waiting for the county)."""
        county = self.cast.county
        run = run_draft(county=self.county, month=month, actor=county)
        for street_id in run.lines.values_list("street_id", flat=True).distinct().order_by("street_id"):
            street = Area.objects.get(pk=street_id)
            run = run_check(run=run, street=street, actor=self.cast.streets.get(street_id) or county)
        if not pay or run.state != RunState.CHECKED:  # a county with nobody to pay has no run to approve
            return run
        run = run_approve(run=run, actor=county)
        bank_file_export(run=run, out=io.BytesIO(), actor=county)
        run.refresh_from_db()
        paid = list(Line.objects.filter(run=run).values_list("pk", flat=True))
        bank_results_record(run=run, filename=f"bank-{month:%Y%m}.xlsx", paid=paid, failed=[], actor=county)
        self.counts["runs_paid"] += 1
        return run

    # -- this month ----------------------------------------------------------------------------

    def now(self) -> None:
        """This month's work in progress, up to today."""
        today = self.today
        self.counts["gradual_exits_ended"] += gradual_exits_finish(
            county_id=self.county.pk, today=self.this_month, actor=None
        )
        # Applications in progress: every program at every step its procedure has, the 低保 ones
        # started a week or two ago, one of them accepted two months ago and overdue.
        some = next(iter(self.communities.values()))
        for state in IN_PROGRESS:
            started = today - datetime.timedelta(days=STARTED[state])
            for program in PROGRAMS:
                steps = procedure(program, some, today)
                if (state in (State.UNDER_NOTICE, State.NOTICE_CLOSED) and not steps.notice) or (
                    state == State.REVIEWED and not steps.street_review
                ):
                    continue  # a step this program's procedure does not have
                self.one_of(program, started, until=state)
        self.one_of(codes.DIBAO, today - datetime.timedelta(days=75), until=State.ACCEPTED)  # overdue
        # Reviews: half of those due this month done; one recorded by the community and waiting
        # for the street; a reported change just opened.
        self.reviews(self.this_month, skip_every=2, day=today.day)
        waiting = self.households(HouseholdStatus.RECEIVING)
        for household in waiting:
            if household.community_id not in self.cast.workers:
                continue
            if Review.objects.filter(household=household, state__in=OPEN_REVIEW).exists():
                continue
            review = review_open(
                household=household, actor=self.cast.worker(household.community), today=today
            )
            self.record(
                review,
                today,
                outcome=Outcome.SUSPEND,
                stop_reason=StopReason.ABSENT,
                reason_text="户在人不在，已三个月未见本人。",
                approve=False,
            )
            break
        for household in reversed(waiting):
            if Review.objects.filter(household=household, state__in=OPEN_REVIEW).exists():
                continue
            review_open(
                household=household,
                actor=self.cast.worker(self.communities[household.community_id]),
                kind=ReviewKind.CHANGE,
                change_kind=ChangeKind.MOVED_OUT,
                occurred_on=(today - datetime.timedelta(days=3)).isoformat(),
                description="子女外出务工，户口未迁出。",
                today=today,
            )
            self.counts["reported_changes"] += 1
            break
        self.one_off_help()
        self.payroll(self.this_month, pay=False)

    def one_off_help(self) -> None:
        """临时救助 given first with its paperwork due, another decided; a 医疗救助 claim decided and
        one waiting; the holiday campaign of the county."""
        haizhou = next(a for a in self.communities.values() if a.pk in self.cast.workers)
        street = self.cast.street(haizhou)
        worker = self.cast.worker(haizhou)
        households = [
            h
            for h in self.households(HouseholdStatus.RECEIVING, HouseholdStatus.REGISTERED)
            if h.community_id == haizhou.pk
        ]
        if len(households) < 2:  # a demo county of a handful of households
            return
        first = temporary_apply(
            community=haizhou,
            data={
                "household": households[0].pk,
                "kind": "emergency",
                "reason": "房屋失火，生活用品全部烧毁。",
            },
            actor=worker,
        )
        cases.transition(application=first, step="submit", actor=worker, on=self.today)
        temporary_help_first(
            application=first, data={"category": "fire", "level": "1", "reason": "房屋失火"}, actor=street
        )
        second = temporary_apply(
            community=haizhou,
            data={"household": households[1].pk, "kind": "expense", "reason": "子女上大学，学费无力负担。"},
            actor=worker,
        )
        cases.transition(application=second, step="submit", actor=worker, on=self.today)
        for kind in missing_materials(second):
            cases.material_add(application=second, kind=kind, seen_on_paper=True, actor=worker)
        cases.transition(application=second, step="accept", actor=worker, on=self.today)
        cases.investigation_record(
            application=second,
            data={"visited_on": self.today.isoformat(), "investigators": INVESTIGATORS},
            actor=worker,
        )
        cases.transition(application=second, step="investigate", actor=worker, on=self.today)
        second.refresh_from_db()
        procedure = cases.procedure_for(second)
        if second.state in workflow.sources(workflow.STEPS["review"], second, procedure):
            cases.transition(
                application=second, step="review", actor=street, data={"opinion": "同意"}, on=self.today
            )
        cases.transition(
            application=second,
            step="approve",
            actor=street,
            data={"assistance_kind": "expense", "category": "education", "level": "1"},
            on=self.today,
        )
        self.counts["one_off_grants"] += 2
        dibao_head = Member.objects.filter(
            household__in=[h for h in households if h.status == HouseholdStatus.RECEIVING],
            relation=Relation.SELF,
            is_current=True,
        ).first()
        if dibao_head is not None:
            treated = (self.today - datetime.timedelta(days=20)).isoformat()
            claim = claim_record(
                data={
                    "id_number": dibao_head.id_number,
                    "hospital": "大连市中心医院",
                    "admitted_on": treated,
                    "discharged_on": (self.today - datetime.timedelta(days=12)).isoformat(),
                    "kind": "inpatient",
                    "total_cost": "18600",
                    "insurance_paid": "11200",
                    "serious_insurance_paid": "0",
                    "in_policy_cost": "6400",
                },
                actor=worker,
            )
            claim_decide(claim=claim, data={"approve": True}, actor=street)
            claim_record(
                data={
                    "id_number": dibao_head.id_number,
                    "hospital": "大连市第三人民医院",
                    "admitted_on": (self.today - datetime.timedelta(days=6)).isoformat(),
                    "discharged_on": (self.today - datetime.timedelta(days=2)).isoformat(),
                    "kind": "inpatient",
                    "total_cost": "5200",
                    "insurance_paid": "3100",
                    "serious_insurance_paid": "0",
                    "in_policy_cost": "1800",
                },
                actor=worker,
            )
            self.counts["medical_claims"] += 2
        campaign = holiday_campaign_create(
            area=self.county,
            data={
                "name": f"{self.today.year}年节日慰问",
                "held_on": self.today,
                "criteria": "extreme_poverty,dibao,80plus",
                "items": [
                    {"criterion": "extreme_poverty", "kind": "cash", "unit_value": "500"},
                    {"criterion": "dibao", "kind": "cash", "unit_value": "200"},
                    {"criterion": "dibao", "kind": "rice", "quantity": 1, "unit_value": "60"},
                    {"criterion": "80plus", "kind": "oil", "quantity": 2, "unit_value": "40"},
                ],
            },
            actor=self.cast.county,
        )
        self.counts["holiday_recipients"] += holiday_campaign_select(
            campaign=campaign, actor=self.cast.county
        )
        for recipient in HolidayRecipient.objects.filter(campaign=campaign, community=haizhou).order_by("pk")[
            :5
        ]:
            holiday_recipient_deliver(
                recipient=recipient,
                delivered=True,
                delivered_on=self.today,
                delivered_by="陈低保专干",
                actor=worker,
            )
        self.counts["one_off_grants"] += holiday_cash_grants_record(campaign=campaign, actor=self.cast.county)

    to_suspend: frozenset[int] = frozenset()


def tell(county: Area, *, today: datetime.date, rng: random.Random, suspended: Iterable[int] = ()) -> Told:
    """The year of a county just built (see the module's docstring); `suspended`: the households
    the register shows suspended, suspended in the story's second month."""
    story = Story(county, today, rng)
    story.to_suspend = frozenset(suspended)
    story.tell()
    return Told(story.counts)
