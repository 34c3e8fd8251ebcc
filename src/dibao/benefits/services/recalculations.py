"""A standard change, carried through to every receiving household in two steps.

The county sees the cost before anyone's amount moves: `standard_change` sets the standard and
opens a recalculation; `recalculation_confirm` writes every new version, and its movements, at once.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.policy import services as policy_services
from dibao.policy.assessment import assess_many
from dibao.policy.inputs import StandardData
from dibao.policy.models import Standard
from dibao.policy.programs import codes
from dibao.policy.services import require_policy_editor
from dibao.registry.models import Household

from ..models import Entitlement, Reason, Recalculation, RecalculationLine
from . import ledger
from .grants import receiving_in

ZERO = Decimal("0.00")


def recalculation_open(*, standard: Standard, actor: User | None) -> Recalculation | None:
    """Reassess every receiving household the standard reaches; writes lines, changes no amount.

    None when no receiving household's amount would change (nothing to confirm)."""
    area = standard.area
    require_policy_editor(actor, area)
    month = standard.valid_from
    with transaction.atomic():
        # Open versions only: a household in gradual exit keeps its amount until its last month.
        reached = receiving_in(area, month, program=codes.DIBAO).filter(
            urban_rural=standard.kind, month_to__isnull=True
        )
        entitlements = {e.household_id: e for e in reached.order_by("household_id")}
        households = Household.objects.filter(pk__in=reached.values("household_id"))
        single = {hid: e.single_member_id for hid, e in entitlements.items() if e.single_member_id}
        batch = Recalculation(
            area=area,
            standard=standard,
            month=month,
            created_by=audit.acting_user(actor),
        )
        lines: list[RecalculationLine] = []
        for outcome in assess_many(households, month, single_members=single):
            result = outcome.assessment
            old = entitlements[outcome.facts.id]
            if result is None:
                continue  # cannot be assessed now (no members): left to a review, not guessed at
            new_amount = result.monthly_amount if result.eligible else ZERO
            if new_amount == old.amount and result.standard == old.standard and result.eligible:
                continue
            lines.append(
                RecalculationLine(
                    recalculation=batch,
                    household_id=outcome.facts.id,
                    entitlement=old,
                    program_id=old.program_id,
                    amount_before=old.amount,
                    amount_after=new_amount,
                    eligible=result.eligible,
                    persons=result.covered,
                    benefit_class=result.benefit_class,
                    management_class=result.management_class,
                    standard=result.standard,
                    per_capita_income=result.per_capita_income,
                    next_review=result.next_review,
                    explanation=[line.as_json() for line in result.lines],
                )
            )
        if not lines:
            return None
        batch.save()
        for line in lines:
            line.recalculation = batch
        RecalculationLine.objects.bulk_create(lines, batch_size=2000)
        batch.households = len(lines)
        batch.raised = sum(1 for line in lines if line.eligible and line.amount_after > line.amount_before)
        batch.lowered = sum(1 for line in lines if line.eligible and line.amount_after < line.amount_before)
        batch.no_longer_eligible = sum(1 for line in lines if not line.eligible)
        batch.total_before = sum((line.amount_before for line in lines), ZERO)
        # A household no longer eligible keeps its amount until a review ends it (see confirm).
        batch.total_after = sum(
            (line.amount_after if line.eligible else line.amount_before for line in lines), ZERO
        )
        batch.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=batch,
            area_code=area.code,
            after=audit.snapshot(
                batch, ["month", "households", "raised", "lowered", "total_before", "total_after"]
            ),
        )
    return batch


def standard_change(
    *, area: Area, data: StandardData, actor: User | None
) -> tuple[Standard, Recalculation | None]:
    """Set a standard and open the recalculation of every household it reaches, in one transaction."""
    with transaction.atomic():
        standard = policy_services.standard_set(area=area, data=data, actor=actor)
        return standard, recalculation_open(standard=standard, actor=actor)


def recalculation_decidable(*, recalculation: Recalculation, actor: User | None) -> None:
    """The refusals of a decision that can be told before it runs (role, area, a recalculation
    already decided), so a page or the API answers them at once; the decision checks them again
    under its lock."""
    require_policy_editor(actor, recalculation.area)
    current = Recalculation.objects.get(pk=recalculation.pk)
    if current.state != Recalculation.State.DRAFT:
        raise _decided(current)


def _decided(recalculation: Recalculation) -> DomainError:
    return DomainError(
        _("This recalculation is already %(state)s.") % {"state": recalculation.get_state_display()},
        code="stale",
    )


def _lock_draft(recalculation: Recalculation, actor: User | None) -> Recalculation:
    require_policy_editor(actor, recalculation.area)
    locked = Recalculation.objects.select_for_update().get(pk=recalculation.pk)
    if locked.state != Recalculation.State.DRAFT:
        raise _decided(locked)
    return locked


def recalculation_confirm(*, recalculation: Recalculation, actor: User | None) -> Recalculation:
    """Every line becomes a new entitlement version from the recalculation's month, all or none.

    Households no longer eligible keep their entitlement: ending a benefit needs a review with a
    notice to the household (dynamic management), not a side effect of a standard change.
    """
    with transaction.atomic():
        batch = _lock_draft(recalculation, actor)
        lines = list(batch.lines.filter(eligible=True).select_related("household__community", "entitlement"))
        stale = Entitlement.objects.filter(pk__in=[line.entitlement_id for line in lines]).exclude(
            month_to__isnull=True
        )
        if stale.exists():
            raise DomainError(
                _(
                    "%(n)d households' entitlements changed after this recalculation was made; "
                    "discard it and recalculate."
                )
                % {"n": stale.count()},
                code="stale",
            )
        month = batch.month
        closing = add_months(month, -1)
        Entitlement.objects.filter(pk__in=[line.entitlement_id for line in lines]).update(month_to=closing)
        actor_or_none = audit.acting_user(actor)
        new = [
            Entitlement(
                household_id=line.household_id,
                program_id=line.program_id,
                month_from=month,
                amount=line.amount_after,
                persons=line.persons,
                urban_rural=batch.standard.kind,
                benefit_class=line.benefit_class,
                management_class=line.management_class,
                standard=line.standard,
                per_capita_income=line.per_capita_income,
                single_member_id=line.entitlement.single_member_id,
                next_review=line.next_review,
                reason=Reason.STANDARD_CHANGE,
                explanation=line.explanation,
                recalculation=batch,
                actor=actor_or_none,
            )
            for line in lines
        ]
        Entitlement.objects.bulk_create(new, batch_size=2000)
        created = {
            e.household_id: e
            for e in Entitlement.objects.filter(recalculation=batch).only("id", "household_id")
        }
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.CREATE,
                    obj=created[line.household_id],
                    area_code=line.household.community.code,
                    household_id=line.household_id,
                    before={"amount": str(line.amount_before)},
                    after={"amount": str(line.amount_after), "month_from": f"{month:%Y-%m}"},
                    note=str(_("Standard change")),
                )
                for line in lines
            ]
        )
        by_household = {line.household_id: line for line in lines}
        ledger.record_many(
            [
                ledger.movement(
                    household=by_household[e.household_id].household,
                    kind=ledger.kind_of(by_household[e.household_id].entitlement, e),
                    month=month,
                    reason=Reason.STANDARD_CHANGE,
                    before=by_household[e.household_id].entitlement,
                    after=e,
                    actor=actor,
                )
                for e in new
            ]
        )
        batch.state = Recalculation.State.CONFIRMED
        batch.decided_at = timezone.now()
        batch.decided_by = actor_or_none
        batch.save(update_fields=["state", "decided_at", "decided_by"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=batch,
            area_code=batch.area.code,
            before={"state": Recalculation.State.DRAFT},
            after={"state": batch.state, "entitlements": len(new)},
        )
    return batch


def recalculation_discard(*, recalculation: Recalculation, actor: User | None) -> Recalculation:
    with transaction.atomic():
        batch = _lock_draft(recalculation, actor)
        batch.state = Recalculation.State.DISCARDED
        batch.decided_at = timezone.now()
        batch.decided_by = audit.acting_user(actor)
        batch.save(update_fields=["state", "decided_at", "decided_by"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=batch,
            area_code=batch.area.code,
            before={"state": Recalculation.State.DRAFT},
            after={"state": batch.state},
        )
    return batch
