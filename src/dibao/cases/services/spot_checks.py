"""The county's spot check (入户抽查) of a 特困 case before it decides (POLICY.md §4).

The county visits at least the share of 特困 cases its terms say (`spot_check_share`, default
30%), counted over all the cases it decides (`selectors.spot_check_share`): a case without one may
still be approved, so recording one never moves the case, and approving never asks for one.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import parse_date
from dibao.core.roles import Role
from dibao.policy.programs import codes

from .. import workflow
from ..inputs import SpotCheckData
from ..models import Application, SpotCheck
from .common import procedure_for, record_on_case, today

# Who visits: the county, which decides 特困.
SPOT_CHECKERS = frozenset({Role.COUNTY})


def require_spot_checker(actor: User | None, application: Application) -> None:
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(application.community):
        raise NotFound()
    if actor.role not in SPOT_CHECKERS:
        raise Forbidden()


def spot_check_open(application: Application) -> bool:
    """Is the case at the county's decision, where a spot check is recorded?"""
    if application.program_id != codes.EXTREME_POVERTY or hasattr(application, "spot_check"):
        return False
    approve = workflow.STEPS["approve"]
    return workflow.allowed(approve, application, procedure_for(application), Role.COUNTY)


def _clean(data: SpotCheckData) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    checked_on = None
    try:
        checked_on = parse_date(data.get("checked_on"), "checked_on")
    except DomainError as exc:
        errors.update(exc.errors)
    if checked_on is None and "checked_on" not in errors:
        errors["checked_on"] = [_("This field is required.")]
    elif checked_on is not None and checked_on > today():
        errors["checked_on"] = [_("The visit cannot be in the future.")]
    checked_by = str(data.get("checked_by") or "").strip()
    if not checked_by:
        errors["checked_by"] = [_("Name who made the visit.")]
    elif len(checked_by) > SpotCheck._meta.get_field("checked_by").max_length:  # type: ignore[operator]
        errors["checked_by"] = [_("At most 200 characters.")]
    finding = str(data.get("finding") or "")
    if finding not in SpotCheck.Finding.values:
        errors["finding"] = [_("Say whether the visit confirmed the case.")]
    note = str(data.get("note") or "").strip()
    if finding == SpotCheck.Finding.NOT_CONFIRMED and not note:
        errors["note"] = [_("Say what the visit did not confirm.")]
    if errors:
        raise DomainError(errors=errors)
    return {"checked_on": checked_on, "checked_by": checked_by, "finding": finding, "note": note}


def spot_check_record(*, application: Application, data: SpotCheckData, actor: User | None) -> SpotCheck:
    """Record the county's spot check of a 特困 case at its decision: on the timeline and audited."""
    require_spot_checker(actor, application)
    if application.program_id != codes.EXTREME_POVERTY:
        raise DomainError(
            _("Spot checks are recorded for 特困 (extreme poverty) cases only."), code="program"
        )
    values = _clean(data)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=application.pk)
        )
        if SpotCheck.objects.filter(application=application).exists():
            raise DomainError(_("This case's spot check is already recorded."), code="exists")
        if not spot_check_open(application):
            raise DomainError(
                _("A spot check is recorded while the case waits for the county's decision."), code="state"
            )
        try:
            with transaction.atomic():
                check = SpotCheck.objects.create(
                    application=application, recorded_by=audit.acting_user(actor), **values
                )
        except IntegrityError:  # recorded at the same moment by someone else
            raise DomainError(_("This case's spot check is already recorded."), code="exists") from None
        finding = SpotCheck.Finding(values["finding"]).label
        record_on_case(application, actor, "spot_check", check, note=f"{finding} · {values['checked_by']}")
    return check
