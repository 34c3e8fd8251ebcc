"""What every case service shares: area checks, the policy in force, the timeline entry."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.roles import Role
from dibao.policy.models import Rules
from dibao.policy.selectors import in_force

from ..models import (
    OPEN_STATES,
    Application,
    CaseEvent,
)
from ..programs import Procedure, procedure_of

CASE_ROLES = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})


def today() -> datetime.date:
    return timezone.localdate()


def require_area(actor: User | None, community: Area) -> None:
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(community):
        raise NotFound()
    if actor.role not in CASE_ROLES:
        raise Forbidden()


def rules_for(application: Application, day: datetime.date | None = None) -> Rules:
    return in_force(application.community, (day or today()).replace(day=1)).context.rules


def procedure_for(application: Application, day: datetime.date | None = None) -> Procedure:
    """The steps and time limits of the application's program in force on `day` (today)."""
    return procedure_of(application, day or today())


def event(
    application: Application,
    *,
    action: str,
    actor: User | None,
    before: str,
    note: str = "",
    data: dict | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        application=application,
        actor=audit.acting_user(actor),
        action=action,
        from_state=before,
        to_state=application.state,
        note=note,
        data=data or {},
    )


def audit_case(
    application: Application, actor: User | None, action: str, before: dict, after: dict, note: str = ""
) -> None:
    audit.record(
        actor=actor,
        action=audit.Action.UPDATE if before else audit.Action.CREATE,
        obj=application,
        area_code=application.community.code,
        household_id=application.household_id,
        before=before or None,
        after=after,
        note=note or action,
    )


def record_on_case(
    application: Application, actor: User | None, action: str, obj: Any, note: str = ""
) -> None:
    require_area(actor, application.community)
    if application.state not in OPEN_STATES:
        raise DomainError(_("The application is closed."))
    event(application, action=action, actor=actor, before=application.state, note=note, data={"id": obj.pk})
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        obj=obj,
        area_code=application.community.code,
        household_id=application.household_id,
        after=audit.snapshot(obj),
    )
