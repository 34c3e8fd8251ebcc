"""The close-relative register (近亲属备案) and the flag it puts on applications."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.roles import Role
from dibao.registry.models import Household

from ..inputs import CloseRelativeData
from ..models import (
    OPEN_STATES,
    Application,
    CloseRelative,
)
from .common import (
    event,
)


def close_relative_matches(household: Household) -> list[CloseRelative]:
    ids = list(household.members.values_list("id_number", flat=True))
    return list(CloseRelative.objects.filter(county_id=household.county_id, relative_id_number__in=ids))


def close_relative_add(*, county: Area, data: CloseRelativeData, actor: User | None) -> CloseRelative:
    """File a close relative of staff or a cadre; open applications of that person are flagged."""
    from dibao.core import idnumbers

    # The register is the county's; its street officers file too (they take the applications).
    if actor is not None:
        if actor.area is None or not county.contains(actor.area):
            raise NotFound()
        if actor.role not in (Role.STREET, Role.COUNTY):
            raise Forbidden()
    errors: dict[str, list[Any]] = {}
    values = {k: str(data.get(k) or "").strip() for k in ("staff_name", "staff_position", "relative_name")}
    for k, v in values.items():
        if not v:
            errors[k] = [_("This field is required.")]
    try:
        number = idnumbers.parse(str(data.get("relative_id_number") or "")).number
    except DomainError as exc:
        errors["relative_id_number"] = next(iter(exc.errors.values()))
        number = ""
    relation = str(data.get("relation") or "")
    if relation not in CloseRelative.Relation.values:
        errors["relation"] = [_("'%(v)s' is not one of the allowed values.") % {"v": relation}]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        filing = CloseRelative.objects.create(
            county=county,
            relative_id_number=number,
            relation=relation,
            recorded_by=audit.acting_user(actor),
            **values,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=filing,
            area_code=county.code,
            after=audit.snapshot(filing),
        )
        flagged = Application.objects.filter(
            state__in=OPEN_STATES,
            household__members__id_number=number,
            community__code__prefix=county.scope_prefix,
        ).exclude(close_relative=True)
        for app in flagged:
            app.close_relative = True
            app.save(update_fields=["close_relative"])
            event(app, action="close_relative", actor=actor, before=app.state, data={"filing": filing.pk})
    return filing
