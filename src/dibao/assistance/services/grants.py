"""The one-off grant ledger: recording a grant, cancelling it, and the marks payroll leaves on it
when it pays (a line of a run or a batch carries it; the bank file sends it).

Every program of kind one-off ends here: 临时救助's decision (`services.temporary`) and a medical
claim's both call `one_off_grant_record`. A grant is paid once: payroll picks only granted cash
grants nothing carries yet, and the database refuses a second line or a line and a batch.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.cases.models import Application
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.money import parse_amount
from dibao.core.roles import Role
from dibao.policy.models import Program, ProgramKind
from dibao.registry.models import Household, Member

from .. import paying
from ..models import GrantForm, GrantState, OneOffGrant

GRANT_ROLES = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
_FIELDS = ["program", "amount", "form", "goods", "kind", "category", "state", "decided_on"]


def require_area(actor: User | None, area: Area, roles: frozenset[str] = GRANT_ROLES) -> None:
    """`actor=None` is the server's operator at the console."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(area):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()


def _record(grant: OneOffGrant, actor: User | None, before: dict[str, Any] | None, note: str) -> None:
    audit.record(
        actor=actor,
        action=audit.Action.CREATE if before is None else audit.Action.UPDATE,
        obj=grant,
        area_code=grant.community.code,
        household_id=grant.household_id,
        before=before,
        after=audit.snapshot(grant, _FIELDS),
        note=note,
    )


def one_off_grant_record(
    *,
    program: str,
    household: Household,
    member: Member | None,
    amount: Decimal | str,
    kind: str,
    category: str,
    reason: str,
    decided_on: datetime.date,
    actor: User | None,
    in_kind: str | None = None,
    application: Application | None = None,
    claim: int | None = None,
    months: Decimal | None = None,
    help_first: bool = False,
    repeat_warning: str = "",
) -> OneOffGrant:
    """Record a decided one-off grant of `program` to `household` (and `member`, for a person).

    `amount` in 元 to the fen, more than 0; `in_kind`: the goods given (the amount is their value),
    None for cash. `kind` and `category` are the program's (临时救助: emergency/expense and fire,
    accident, …); `reason` the written reason. Who may decide what amount is the program's rule and
    the caller's check; here the actor must work in the household's area (or be the console).
    `application`/`claim`: where the decision was made. Returns the grant, state granted."""
    require_area(actor, household.community)
    errors: dict[str, list[Any]] = {}
    found = Program.objects.filter(code=str(program)).first()
    if found is None or found.kind != ProgramKind.ONE_OFF:
        errors["program"] = [_("'%(v)s' is not a one-off program.") % {"v": program}]
    try:
        value = parse_amount(amount, column=OneOffGrant._meta.get_field("amount"), field="amount")
        if value <= 0:
            errors["amount"] = [_("The amount must be more than zero.")]
    except DomainError as exc:
        errors.update(exc.errors)
        value = Decimal("0")
    if member is not None and member.household_id != household.pk:
        errors["member"] = [_("The person is not a member of this household.")]
    for name, text, limit in (("kind", kind, 20), ("category", category, 20)):
        if not str(text or "").strip():
            errors[name] = [_("This field is required.")]
        elif len(str(text).strip()) > limit:
            errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
    if not str(reason or "").strip():
        errors["reason"] = [_("A grant always gives its reason in writing.")]
    goods = str(in_kind or "").strip()
    if in_kind is not None and not goods:
        errors["goods"] = [_("Name the goods given in kind.")]
    if len(goods) > 200:
        errors["goods"] = [_("At most %(n)s characters.") % {"n": 200}]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        grant = OneOffGrant.objects.create(
            program_id=str(program),
            household=household,
            member=member,
            community=household.community,
            county_id=household.county_id,
            amount=value,
            form=GrantForm.IN_KIND if goods else GrantForm.CASH,
            goods=goods,
            kind=str(kind).strip(),
            category=str(category).strip(),
            reason=str(reason).strip(),
            months=months,
            help_first=help_first,
            repeat_warning=repeat_warning[:300],
            decided_on=decided_on,
            decided_by=audit.acting_user(actor),
            application=application,
            claim_id=claim,
        )
        _record(grant, actor, None, "grant")
    return grant


def one_off_grant_cancel(*, grant: OneOffGrant, reason: str, actor: User | None) -> OneOffGrant:
    """Cancel a grant not yet sent to the bank (or handed over), with the reason. A grant on a line
    of a run still being drafted is taken off it (`paying.RELEASERS`); one already sent is refused,
    saying when: what was paid is recovered, not cancelled."""
    require_area(actor, grant.community, frozenset({Role.STREET, Role.COUNTY}))
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    with transaction.atomic():
        locked = (
            OneOffGrant.objects.select_for_update(of=("self",)).select_related("community").get(pk=grant.pk)
        )
        if locked.state == GrantState.CANCELLED:
            raise DomainError(_("The grant is already cancelled."), code="cancelled")
        if locked.state == GrantState.PAID:
            when = timezone.localtime(locked.exported_at) if locked.exported_at else None
            raise DomainError(
                _(
                    "The grant was sent to the bank on %(day)s and cannot be cancelled; "
                    "recover what was paid instead."
                )
                % {"day": f"{when:%Y-%m-%d}" if when else "—"},
                code="exported",
            )
        before = audit.snapshot(locked, _FIELDS)
        for release in paying.RELEASERS:
            release(locked)
        locked.state = GrantState.CANCELLED
        locked.cancelled_reason = reason[:300]
        locked.paid_line_id = None
        locked.paid_batch_id = None
        locked.save()
        _record(locked, actor, before, "cancel: " + reason[:200])
    return locked


def _record_many(grants: QuerySet[OneOffGrant], actor: User | None, note: str) -> None:
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=g,
                area_code=g.community.code,
                household_id=g.household_id,
                after={"paid_line_id": g.paid_line_id, "paid_batch_id": g.paid_batch_id, "state": g.state},
                note=note,
            )
            for g in grants.select_related("community")
        ]
    )


def grants_link_lines(*, lines: QuerySet[Any], actor: User | None) -> int:
    """Payroll's drafting: each grant a line of `lines` carries (its `grant_id`) points to that line.
    One statement, in the drafting's transaction."""
    carried = lines.filter(grant__isnull=False)
    count = OneOffGrant.objects.filter(pk__in=carried.values("grant_id")).update(
        paid_line_id=Subquery(carried.filter(grant_id=OuterRef("pk")).values("id")[:1])
    )
    if count:
        _record_many(OneOffGrant.objects.filter(pk__in=carried.values("grant_id")), actor, "paid in run")
    return count


def grants_unlink_lines(*, lines: QuerySet[Any], actor: User | None) -> int:
    """A draft's lines are removed (drafted again): the grants they carried wait again."""
    waiting = OneOffGrant.objects.filter(paid_line_id__in=lines.values("id"), state=GrantState.GRANTED)
    ids = list(waiting.values_list("pk", flat=True))
    count = waiting.update(paid_line_id=None)
    if count:
        _record_many(OneOffGrant.objects.filter(pk__in=ids), actor, "released from draft")
    return count


def grants_link_batch(*, grants: QuerySet[OneOffGrant], batch_id: int, actor: User | None) -> int:
    """A county disbursement batch takes these (granted, unpaid cash) grants."""
    chosen = grants.filter(
        state=GrantState.GRANTED, form=GrantForm.CASH, paid_line_id__isnull=True, paid_batch_id__isnull=True
    )
    ids = list(chosen.values_list("pk", flat=True))
    count = OneOffGrant.objects.filter(pk__in=ids).update(paid_batch_id=batch_id)
    if count:
        _record_many(OneOffGrant.objects.filter(pk__in=ids), actor, "paid in batch")
    return count


def grants_exported_record(
    *, lines: QuerySet[Any] | None = None, batch_id: int | None = None, actor: User | None
) -> int:
    """The bank file carrying these grants was written: they are paid and can no longer be cancelled."""
    if lines is not None:
        sent = OneOffGrant.objects.filter(paid_line_id__in=lines.values("id"))
    else:
        sent = OneOffGrant.objects.filter(paid_batch_id=batch_id)
    sent = sent.filter(state=GrantState.GRANTED)
    ids = list(sent.values_list("pk", flat=True))
    count = OneOffGrant.objects.filter(pk__in=ids).update(state=GrantState.PAID, exported_at=timezone.now())
    if count:
        _record_many(OneOffGrant.objects.filter(pk__in=ids), actor, "sent to the bank")
    return count
