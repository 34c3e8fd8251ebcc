"""Every write of 医疗救助: a claim recorded (with the calculation's result as it then stood), a
claim decided, a settlement file's import. Each checks the actor's role and area and audits in
its transaction."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.core.months import parse_date
from dibao.core.roles import REVIEW_APPROVERS, REVIEW_WORKERS, Role
from dibao.policy.programs import codes
from dibao.registry.models import Member

from ..models import ClaimState, MedicalClaim, SettlementImport, SettlementRow
from ..services.grants import one_off_grant_record
from .inputs import ClaimData, DecisionData
from .quote import parse_cost, parse_kind, person_by_id, quote

_TEXT = {"hospital": 100, "note": 200}


def require(actor: User | None, area: Area, roles: frozenset[str]) -> None:
    """`actor=None` is the server's operator on the command line, who acts for every area."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(area):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()


def _clean(data: ClaimData) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    out: dict[str, Any] = {}

    def take(field: str, read: Any) -> None:
        try:
            out[field] = read(data.get(field), field)
        except DomainError as exc:
            for key, messages in exc.errors.items():
                errors.setdefault(key or field, []).extend(messages)

    def text(value: object, field: str) -> str:
        value = str(value or "").strip()
        if field == "hospital" and not value:
            raise DomainError(_("This field is required."), field=field)
        if len(value) > _TEXT[field]:
            raise DomainError(_("At most %(n)d characters.") % {"n": _TEXT[field]}, field=field)
        return value

    def day(value: object, field: str) -> datetime.date:
        found = parse_date(value, field)
        if found is None:
            raise DomainError(_("This field is required."), field=field)
        return found

    def money(value: object, field: str) -> Decimal:
        if value in (None, ""):
            return Decimal("0.00") if field != "in_policy_cost" else parse_cost(value, field)
        return parse_cost(value, field)

    take("hospital", text)
    take("note", text)
    take("admitted_on", day)
    take("discharged_on", day)
    take("kind", lambda v, f: parse_kind(v, f))
    for field in ("total_cost", "insurance_paid", "serious_insurance_paid", "in_policy_cost"):
        take(field, money)
    if not errors and out["discharged_on"] < out["admitted_on"]:
        errors["discharged_on"] = [_("Discharged before admitted.")]
    if (
        not errors
        and out["in_policy_cost"] > out["total_cost"] - out["insurance_paid"] - out["serious_insurance_paid"]
    ):
        errors["in_policy_cost"] = [
            _("The in-policy personal cost is more than the total cost less what insurance paid.")
        ]
    if errors:
        raise DomainError(errors=errors)
    out["illness"] = bool(data.get("illness"))
    return out


def _result(claim: MedicalClaim) -> dict[str, Any]:
    return {"amount": str(claim.amount), "state": claim.state, "decided_amount": str(claim.decided_amount)}


def claim_record(*, data: ClaimData, actor: User | None) -> MedicalClaim:
    """A claim for one treatment, with the amount the rules give on its date of treatment (the
    admission) counting the person's earlier claims of the year against the deductible and cap."""
    try:
        person = person_by_id(str(data.get("id_number") or ""))
    except NotFound as exc:
        raise DomainError(str(exc), field="id_number") from None
    member = Member.objects.select_related("household__community").get(pk=person.member_id)
    community = member.household.community
    require(actor, community, REVIEW_WORKERS)
    values = _clean(data)
    with transaction.atomic():
        # One claim of a person at a time: the year's cap is counted from the claims already there.
        Member.objects.select_for_update().filter(pk=member.pk).exists()
        result = quote(
            person=person,
            day=values["admitted_on"],
            kind=values["kind"],
            cost=values["in_policy_cost"],
            illness=values["illness"],
        )
        claim = MedicalClaim.objects.create(
            member=member,
            community=community,
            **values,
            eligible=result.eligible,
            category=result.category,
            deductible=result.deductible,
            ratio=result.ratio,
            amount=result.amount,
            cap_left=result.cap_left,
            explanation=[line.as_json() for line in result.lines],
            actor=actor,
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=claim,
            area_code=community.code,
            household_id=member.household_id,
            after={"hospital": claim.hospital, "in_policy_cost": str(claim.in_policy_cost), **_result(claim)},
        )
    return claim


def claim_decide(*, claim: MedicalClaim, data: DecisionData, actor: User | None) -> MedicalClaim:
    """The street or county decides a recorded claim: approved at the amount by the rules (or a
    lower amount, with a note), or refused. The decided amount is what the claim is paid."""
    require(actor, claim.community, REVIEW_APPROVERS)
    if claim.state != ClaimState.RECORDED:
        raise DomainError(_("This claim has already been decided."))
    approve = bool(data.get("approve", True))
    note = str(data.get("note") or "").strip()[:200]
    if approve:
        if not claim.eligible:
            raise DomainError(_("The person does not qualify on the date of treatment; refuse the claim."))
        given = data.get("amount")
        amount = claim.amount if given in (None, "") else parse_cost(given, "amount")
        if amount > claim.amount:
            raise DomainError(
                _("At most %(max)s yuan, the amount by the rules.") % {"max": claim.amount}, field="amount"
            )
        if amount != claim.amount and not note:
            raise DomainError(_("Say why the amount differs from the rules."), field="note")
    with transaction.atomic():
        locked = MedicalClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.state != ClaimState.RECORDED:
            raise DomainError(_("This claim has already been decided."))
        before = audit.snapshot(locked)
        locked.state = ClaimState.DECIDED if approve else ClaimState.REFUSED
        locked.decided_amount = amount if approve else None
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        if note:
            locked.note = note
        locked.save()
        audit.record_update(
            actor=actor,
            obj=locked,
            before=before,
            area_code=locked.community.code,
            household_id=locked.member.household_id,
        )
        claim_decided(locked, actor)
    return locked


def claim_decided(claim: MedicalClaim, actor: User | None) -> None:
    """Called in the decision's transaction once a claim is decided or refused. An approved claim
    with an amount becomes a one-off grant of 医疗救助 (`services.grants`), which payroll pays once
    (the county's next run or a batch, as the program's terms say); a refused one grants nothing.
    Settlement rows are not claims: the hospital paid them at discharge, and the county pays the
    hospital the matched total."""
    if claim.state != ClaimState.DECIDED or not claim.decided_amount:
        return
    one_off_grant_record(
        program=codes.MEDICAL,
        household=claim.member.household,
        member=claim.member,
        amount=claim.decided_amount,
        kind=claim.kind,
        category=claim.category,
        reason=f"{claim.hospital} {claim.admitted_on:%Y-%m-%d}–{claim.discharged_on:%Y-%m-%d}",
        decided_on=timezone.localdate(),
        actor=actor,
        claim=claim.pk,
    )


def settlement_record(
    *, county: Area, month: datetime.date, file_name: str, rows: list[SettlementRow], actor: User | None
) -> SettlementImport:
    """A reconciled settlement file and its rows, all at once (set-based: one bulk insert)."""
    require(actor, county, frozenset({Role.COUNTY}))
    matched = [r for r in rows if r.outcome == "matched"]
    disputed = [r for r in rows if r.outcome != "matched"]
    with transaction.atomic():
        record = SettlementImport.objects.create(
            county=county,
            month=month,
            file_name=file_name[:200],
            rows=len(rows),
            matched=len(matched),
            disputed=len(disputed),
            matched_total=sum((r.paid for r in matched), Decimal("0.00")),
            disputed_total=sum((r.paid for r in disputed), Decimal("0.00")),
            actor=actor,
        )
        for row in rows:
            row.settlement = record
        SettlementRow.objects.bulk_create(rows, batch_size=2000)
        audit.record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            obj=record,
            area_code=county.code,
            after={
                "file": record.file_name,
                "month": f"{month:%Y-%m}",
                "rows": record.rows,
                "matched": record.matched,
                "matched_total": str(record.matched_total),
                "disputed": record.disputed,
            },
        )
    return record
