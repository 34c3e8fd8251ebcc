"""Filing by the register (近亲属备案, POLICY.md §1 step 2a): whoever is on the county's register of
staff and cadres, or declared by one of them as a close relative, and is a member of a household
that holds any program or of an application under way, is filed without anyone asking.

The matching is by ID number and set-based, whatever the county's size:
1. one query finds the members, of the county's households holding a program this month, whose ID
   number is on the register (a staff member's own, or a relative's they declared);
2. one query finds the same among the members of the county's applications under way (submitted,
   not yet decided);
3. the register is read once, to say for each match why (which staff member, which relation);
   for one application, only the entries of its members' ID numbers;
4. the filings already made are read once; new ones are written in bulk, with their audit entries;
   filings whose reason is no longer on the register lapse (they are kept, as history), and
   lapsed ones whose reason is back hold again;
5. each application newly filed is marked (`close_relative`: the county decides it) and the filing
   put on its timeline.
A submitted application is checked the same way, for itself alone (`filings_for_application`).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.models import Entitlement
from dibao.core import audit
from dibao.core.months import this_month
from dibao.registry.models import Member

from ..models import (
    OPEN_STATES,
    SELF,
    Application,
    CaseEvent,
    DeclaredRelative,
    RelativeFiling,
    Staff,
    State,
)

# Under way: submitted and not yet decided (a draft has not reached anyone yet).
UNDER_WAY = OPEN_STATES - {State.DRAFT}

# (staff's ID number, person's ID number, household, application or None)
Key = tuple[str, str, int, int | None]


@dataclass(frozen=True)
class StaffRow:
    """A staff member as the register says, read as plain values (a county's register is read
    whole at each match: thousands of rows, not worth a model instance each)."""

    pk: int
    name: str
    id_number: str
    post: str
    kind: str


@dataclass(frozen=True)
class Reason:
    staff: StaffRow
    relation: str  # SELF or a `CloseRelative.Relation`


@dataclass(frozen=True)
class Matched:
    filed: int  # new filings
    lapsed: int  # filings whose reason left the register
    applications: int  # applications newly marked

    def as_dict(self) -> dict[str, int]:
        return {"filed": self.filed, "lapsed": self.lapsed, "applications": self.applications}


def _register(county: Area, numbers: set[str] | None = None) -> dict[str, list[Reason]]:
    """ID number → why it is on the county's register (only `numbers`, when given): one query for
    the staff, one for the relatives they declared."""
    people = Staff.objects.filter(county=county)
    relatives = DeclaredRelative.objects.filter(staff__county=county)
    if numbers is not None:
        relatives = relatives.filter(id_number__in=numbers)
        people = people.filter(Q(id_number__in=numbers) | Q(pk__in=relatives.values("staff_id")))
    staff = {row[0]: StaffRow(*row) for row in people.values_list("pk", "name", "id_number", "post", "kind")}
    reasons: dict[str, list[Reason]] = defaultdict(list)
    for person in staff.values():
        if numbers is None or person.id_number in numbers:
            reasons[person.id_number].append(Reason(person, SELF))
    for staff_id, number, relation in relatives.values_list("staff_id", "id_number", "relation"):
        reasons[number].append(Reason(staff[staff_id], relation))
    return reasons


def _on_register(county: Area) -> Q:
    return Q(id_number__in=Staff.objects.filter(county=county).values("id_number")) | Q(
        id_number__in=DeclaredRelative.objects.filter(staff__county=county).values("id_number")
    )


def _receiving_members(county: Area) -> list[tuple[int, str, str]]:
    month = this_month()
    holds = Entitlement.objects.filter(household=OuterRef("household_id"), month_from__lte=month).filter(
        Q(month_to__isnull=True) | Q(month_to__gte=month)
    )
    return list(
        Member.objects.filter(_on_register(county), household__county=county)
        .filter(Exists(holds))
        .values_list("household_id", "name", "id_number")
    )


def _applying_members(
    county: Area, application: Application | None = None
) -> list[tuple[int, int, str, str]]:
    """(application, household, name, ID number) of the members on the register of applications
    under way: one query for the members, one for their households' applications."""
    apps = Application.objects.filter(household__county=county, state__in=UNDER_WAY)
    if application is not None:
        apps = apps.filter(pk=application.pk)
    members = list(
        Member.objects.filter(_on_register(county), household__in=apps.values("household_id")).values_list(
            "household_id", "name", "id_number"
        )
    )
    if not members:
        return []
    apps_of: dict[int, list[int]] = defaultdict(list)
    for pk, household_id in apps.filter(household_id__in={m[0] for m in members}).values_list(
        "pk", "household_id"
    ):
        apps_of[household_id].append(pk)
    return [(pk, hh, name, number) for hh, name, number in members for pk in apps_of[hh]]


def _file(
    county: Area,
    found: dict[Key, str],
    reasons: dict[str, list[Reason]],
    actor: User | None,
    *,
    application: Application | None = None,
) -> Matched:
    """Write what `found` (key → the member's name) asks for against the filings made already:
    the county's (then those whose reason left the register lapse), or one application's."""
    made = RelativeFiling.objects.filter(county=county)
    if application is not None:
        made = made.filter(application=application)
    existing = {(f.staff_id_number, f.id_number, f.household_id, f.application_id): f for f in made}
    lapse = application is None
    staff_of = {(r.staff.id_number, number): r for number, rs in reasons.items() for r in rs}
    new: list[RelativeFiling] = []
    for key, name in found.items():
        if key in existing:
            continue
        reason = staff_of[(key[0], key[1])]
        new.append(
            RelativeFiling(
                county=county,
                staff_id=reason.staff.pk,
                staff_name=reason.staff.name,
                staff_id_number=reason.staff.id_number,
                staff_post=reason.staff.post,
                staff_kind=reason.staff.kind,
                relation=reason.relation,
                person_name=name,
                id_number=key[1],
                household_id=key[2],
                application_id=key[3],
            )
        )
    RelativeFiling.objects.bulk_create(new)
    now = timezone.now()
    lapsing = [
        f for key, f in existing.items() if lapse and f.lapsed_at is None and (key[0], key[1]) not in staff_of
    ]
    holding_again = [
        f for key, f in existing.items() if f.lapsed_at is not None and (key[0], key[1]) in staff_of
    ]
    RelativeFiling.objects.filter(pk__in=[f.pk for f in lapsing]).update(lapsed_at=now, staff=None)
    RelativeFiling.objects.filter(pk__in=[f.pk for f in holding_again]).update(lapsed_at=None)
    trail = [
        audit.entry(
            actor=actor,
            action=audit.Action.CREATE,
            obj=f,
            area_code=county.code,
            household_id=f.household_id,
            after={
                "staff": f.staff_name,
                "relation": f.relation,
                "person": f.person_name,
                "application": f.application_id,
            },
            note="filed by the register",
        )
        for f in new
    ]
    for f, note, before in [(f, "lapsed", None) for f in lapsing] + [
        (f, "holds again", now) for f in holding_again
    ]:
        trail.append(
            audit.entry(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=f,
                area_code=county.code,
                household_id=f.household_id,
                before={"lapsed_at": before and before.isoformat()},
                after={"lapsed_at": None if before else now.isoformat()},
                note=note,
            )
        )
    marked = _mark(new, actor)
    audit.record_many(trail)
    return Matched(filed=len(new), lapsed=len(lapsing), applications=marked)


def _mark(new: list[RelativeFiling], actor: User | None) -> int:
    """Mark the applications of the new filings and put each filing on its case's timeline."""
    by_app: dict[int, list[RelativeFiling]] = defaultdict(list)
    for f in new:
        if f.application_id is not None:
            by_app[f.application_id].append(f)
    if not by_app:
        return 0
    apps = list(Application.objects.filter(pk__in=by_app))
    Application.objects.filter(pk__in=by_app, close_relative=False).update(close_relative=True)
    acting = audit.acting_user(actor)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            application=app,
            actor=acting,
            action="close_relative",
            from_state=app.state,
            to_state=app.state,
            note="、".join(f"{f.person_name} · {f.staff_name}" for f in by_app[app.pk]),
            data={"relative_filings": [f.pk for f in by_app[app.pk]]},
        )
        for app in apps
    )
    return sum(1 for app in apps if not app.close_relative)


def filings_match(*, county: Area, actor: User | None) -> Matched:
    """Match the county's register against every receiving household and application under way,
    in the caller's transaction (the import's, or the command's)."""
    reasons = _register(county)
    found: dict[Key, str] = {}
    for household_id, name, number in _receiving_members(county):
        for r in reasons.get(number, []):
            found[(r.staff.id_number, number, household_id, None)] = name
    for app_id, household_id, name, number in _applying_members(county):
        for r in reasons.get(number, []):
            found[(r.staff.id_number, number, household_id, app_id)] = name
    return _file(county, found, reasons, actor)


def filings_for_application(*, application: Application, actor: User | None) -> list[RelativeFiling]:
    """File a submitted application whose members are on its county's register; its filings."""
    county = application.household.county
    members = _applying_members(county, application)
    if not members:
        return []
    reasons = _register(county, {number for _app, _hh, _name, number in members})
    found: dict[Key, str] = {}
    for app_id, household_id, name, number in members:
        for r in reasons.get(number, []):
            found[(r.staff.id_number, number, household_id, app_id)] = name
    _file(county, found, reasons, actor, application=application)
    return list(RelativeFiling.objects.filter(application=application, lapsed_at__isnull=True))
