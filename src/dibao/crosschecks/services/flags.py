"""Every write of the cross-checks: the county's rule, a source imported and matched, a flag
dismissed or turned into a review. Each leaves its audit entry in the same transaction."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import this_month
from dibao.payroll.models import FIXED_STATES, Line, LineResult
from dibao.reviews.models import OPEN_STATES, ChangeKind, Review, ReviewKind
from dibao.reviews.services import review_open

from .. import evidence as proofs
from ..models import CheckRule, Flag, FlagState, SourceImport, SourceKind
from ..reading import SourceRow, check_kind, read_rows
from ..rules import IMPORTERS, WORKERS, rule_for, rule_text, thresholds
from .matching import Hit, match

CENT = Decimal("0.01")


def require(actor: User | None, area: Area, roles: frozenset[str]) -> None:
    """`actor=None` is the server's operator at the console, who acts for every area."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(area):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()


class RuleData(TypedDict, total=False):
    exempt_mobility_vehicle: Any
    homes_allowed: Any
    income_share: Any


def _count(value: Any, name: str, low: int, high: int) -> int:
    text = str(value).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise DomainError(
            _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}, field=name
        )
    return int(text)


def check_rule_set(*, county: Area, data: RuleData, actor: User | None) -> CheckRule:
    if county.level != Level.COUNTY:
        raise DomainError(_("The rules of the cross-checks are a county's."), field="county")
    require(actor, county, IMPORTERS)
    errors: dict[str, list[Any]] = {}
    values: dict[str, Any] = {}
    flag = data.get("exempt_mobility_vehicle", True)
    values["exempt_mobility_vehicle"] = str(flag).strip().lower() in ("1", "true", "on", "yes", "是")
    for name, low, high in (("homes_allowed", 0, 20), ("income_share", 1, 1000)):
        if data.get(name) in (None, ""):
            values[name] = cast(models.Field, CheckRule._meta.get_field(name)).default
            continue
        try:
            values[name] = _count(data.get(name), name, low, high)
        except DomainError as exc:
            errors.update(exc.errors)
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        existing = CheckRule.objects.filter(county=county).first()
        before = audit.snapshot(existing) if existing else None
        rule, _created = CheckRule.objects.update_or_create(county=county, defaults=values)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE if existing else audit.Action.CREATE,
            obj=rule,
            area_code=county.code,
            before=before,
            after=audit.snapshot(rule),
        )
    return rule


@dataclass
class CheckResult:
    source: SourceImport
    flags: list[Flag] = field(default_factory=list)
    already: int = 0  # matches that tripped a rule but were flagged before

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.source.pk,
            "kind": self.source.kind,
            "rows": self.source.rows,
            "matched": self.source.matched,
            "flags": [
                {
                    "id": f.pk,
                    "household": f.household.number,
                    "member": f.member.id_number,
                    "name": f.member.name,
                    "rule": f.rule_text,
                    "evidence": f.evidence,
                    "to_recover": f"{f.to_recover:.2f}",
                }
                for f in self.flags
            ],
            "flagged_before": self.already,
        }


def _recoveries(hits: list[Hit]) -> dict[int, Decimal]:
    """For each death (by row), what was paid for the months after it: a line paying the person
    counts whole, a line paying the household counts the person's share (total / persons)."""
    owed: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    by_household: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_household[hit.household_id].append(hit)
    if not by_household:
        return owed
    lines = (
        Line.objects.filter(household_id__in=list(by_household), run__state__in=FIXED_STATES)
        .exclude(result=LineResult.FAILED)
        .values_list("household_id", "member_id", "run__month", "total", "persons")
    )
    for household_id, member_id, month, total, persons in lines:
        for hit in by_household[household_id]:
            if hit.on_date is None or month <= hit.on_date:
                continue
            if member_id is None:
                owed[hit.row] += (total / max(persons, 1)).quantize(CENT, rounding=ROUND_HALF_UP)
            elif member_id == hit.member_id:
                owed[hit.row] += total
    return owed


def crosscheck_rows(
    *, county: Area, kind: str, file_name: str, rows: Iterable[SourceRow], actor: User | None
) -> CheckResult:
    """Match well-formed rows and keep the flags; `crosscheck_import` reads a file into them."""
    check_kind(kind)
    if county.level != Level.COUNTY:
        raise DomainError(_("A source file is matched for a county."), field="county")
    require(actor, county, IMPORTERS)
    rule = rule_for(county.pk)
    lines = thresholds(county, rule, timezone.localdate())
    with transaction.atomic():
        found = match(
            county_id=county.pk, kind=kind, rows=rows, rule=rule, thresholds=lines, month=this_month()
        )
        source = SourceImport.objects.create(
            county=county,
            kind=kind,
            file_name=file_name[:200],
            rows=found.rows,
            matched=found.matched,
            created_by=audit.acting_user(actor),
        )
        owed = _recoveries(found.hits) if kind == SourceKind.DEATH else {}
        before = set(
            Flag.objects.filter(member_id__in={h.member_id for h in found.hits}, kind=kind).values_list(
                "member_id", "key"
            )
        )
        new: list[Flag] = []
        seen: set[tuple[int, str]] = set()
        for hit in found.hits:
            key = proofs.key_of(kind, hit)
            if (hit.member_id, key) in before or (hit.member_id, key) in seen:
                continue
            seen.add((hit.member_id, key))
            new.append(
                Flag(
                    source=source,
                    kind=kind,
                    community_id=hit.community_id,
                    household_id=hit.household_id,
                    member_id=hit.member_id,
                    rule=hit.rule,
                    rule_text=rule_text(hit.rule, rule, hit.threshold)[:300],
                    evidence=proofs.evidence_of(kind, hit, file_name),
                    key=key,
                    row=hit.row,
                    to_recover=owed.get(hit.row, Decimal("0.00")),
                )
            )
        Flag.objects.bulk_create(new)
        source.flags = len(new)
        source.save(update_fields=["flags"])
        made = list(
            Flag.objects.filter(source=source)
            .select_related("household", "member", "community")
            .order_by("row")
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=source,
            area_code=county.code,
            after={
                "kind": kind,
                "file": file_name,
                "rows": source.rows,
                "matched": source.matched,
                "flags": len(made),
            },
        )
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.CREATE,
                    obj=f,
                    area_code=f.community.code,
                    household_id=f.household_id,
                    after={"member": f.member_id, "rule": f.rule, "evidence": f.evidence},
                )
                for f in made
            ]
        )
    return CheckResult(source=source, flags=made, already=len(found.hits) - len(new))


def crosscheck_import(
    *, county: Area, kind: str, file_name: str, content: bytes, actor: User | None
) -> CheckResult:
    """Read, match and flag one source file; a refused file (`reading.Refused`) leaves nothing."""
    check_kind(kind)
    require(actor, county, IMPORTERS)
    rows = read_rows(kind, file_name, content)
    return crosscheck_rows(county=county, kind=kind, file_name=file_name, rows=rows, actor=actor)


def _workable(flag: Flag, actor: User | None) -> None:
    require(actor, flag.community, WORKERS)
    if flag.state != FlagState.OPEN:
        raise DomainError(_("This flag has already been worked."), code="state")


def flag_dismiss(*, flag: Flag, reason: str, actor: User | None) -> Flag:
    _workable(flag, actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the flag is dismissed."), field="reason")
    if len(reason) > 300:
        raise DomainError(_("At most %(n)s characters.") % {"n": 300}, field="reason")
    with transaction.atomic():
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        if locked.state != FlagState.OPEN:
            raise DomainError(_("This flag has already been worked."), code="state")
        flag.state, flag.reason = FlagState.DISMISSED, reason
        flag.worked_at, flag.worked_by = timezone.now(), audit.acting_user(actor)
        flag.save(update_fields=["state", "reason", "worked_at", "worked_by"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=flag,
            area_code=flag.community.code,
            household_id=flag.household_id,
            before={"state": FlagState.OPEN},
            after={"state": flag.state, "reason": reason},
        )
    return flag


CHANGE_BY_KIND = {
    SourceKind.DEATH: ChangeKind.DEATH,
    SourceKind.VEHICLE: ChangeKind.ASSETS,
    SourceKind.PROPERTY: ChangeKind.ASSETS,
    SourceKind.BUSINESS: ChangeKind.INCOME,
    SourceKind.PENSION: ChangeKind.INCOME,
    SourceKind.SOCIAL_INSURANCE: ChangeKind.EMPLOYMENT,
    SourceKind.HOUSING_FUND: ChangeKind.EMPLOYMENT,
    SourceKind.PUBLIC_SERVANT: ChangeKind.EMPLOYMENT,
}


def review_description(flag: Flag) -> str:
    facts = "; ".join(f"{name}: {value}" for name, value in proofs.evidence_lines(flag.kind, flag.evidence))
    text = _("Cross-check (%(source)s), %(name)s: %(rule)s Evidence: %(facts)s.") % {
        "source": SourceKind(flag.kind).label,
        "name": flag.member.name,
        "rule": flag.rule_text,
        "facts": facts,
    }
    if flag.to_recover:
        text += " " + _("To recover: %(amount)s yuan.") % {"amount": f"{flag.to_recover:.2f}"}
    return text


def flag_review(*, flag: Flag, actor: User | None, today: datetime.date | None = None) -> Review:
    """Open a review of the household (the reviews app's `review_open`, a reported change) with
    the flag's evidence and rule in its description; the flag then points to it."""
    _workable(flag, actor)
    today = today or timezone.localdate()
    occurred = flag.evidence.get("on_date") if flag.kind == SourceKind.DEATH else None
    with transaction.atomic():
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        if locked.state != FlagState.OPEN:
            raise DomainError(_("This flag has already been worked."), code="state")
        try:
            review = review_open(
                household=flag.household,
                actor=actor,
                kind=ReviewKind.CHANGE,
                change_kind=CHANGE_BY_KIND[SourceKind(flag.kind)],
                occurred_on=min(datetime.date.fromisoformat(occurred), today) if occurred else today,
                description=review_description(flag)[:2000],
                today=today,
            )
        except DomainError as exc:
            # A review already open takes the flag: the household is reviewed once, not twice.
            found = Review.objects.filter(household=flag.household, state__in=OPEN_STATES).first()
            if exc.code != "exists" or found is None:
                raise
            review = found
        flag.state, flag.review = FlagState.REVIEWED, review
        flag.worked_at, flag.worked_by = timezone.now(), audit.acting_user(actor)
        flag.save(update_fields=["state", "review", "worked_at", "worked_by"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=flag,
            area_code=flag.community.code,
            household_id=flag.household_id,
            before={"state": FlagState.OPEN},
            after={"state": flag.state, "review": review.pk},
        )
    return review
