"""The decision deadline in working days: extension, and what counts as due soon."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden
from dibao.core.roles import Role
from dibao.workdays.calendar import add_working_days

from ..models import (
    OPEN_STATES,
    Application,
)
from .common import (
    audit_case,
    event,
    procedure_for,
    require_area,
    today,
)


def deadline_extend(
    *, application: Application, reason: str, actor: User | None, version: int | None = None
) -> Application:
    """Once, with a reason: the policy's extension in working days is added to the due date.
    `version`: the version the user saw (refused if the application changed since)."""
    require_area(actor, application.community)
    if actor is not None and actor.role not in (Role.STREET, Role.COUNTY):
        raise Forbidden()
    if not reason.strip():
        raise DomainError(_("An extension needs its reason."), field="reason")
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if version is not None and app.version != version:
            raise DomainError(
                _("Someone else changed this application meanwhile; reload it and try again."), code="stale"
            )
        if app.extended:
            raise DomainError(_("The deadline has already been extended once."))
        if app.due_on is None or app.state not in OPEN_STATES:
            raise DomainError(_("Only an accepted application in progress has a deadline to extend."))
        before = audit.snapshot(app, ["due_on", "extended"])
        app.due_on = add_working_days(app.due_on, procedure_for(app).extension_working_days)
        app.extended, app.extension_reason = True, reason.strip()[:300]
        app.version += 1
        app.save()
        event(
            app,
            action="extend",
            actor=actor,
            before=app.state,
            note=app.extension_reason,
            data={"due_on": app.due_on.isoformat()},
        )
        audit_case(app, actor, "extend", before, audit.snapshot(app, ["due_on", "extended"]))
    return app


def due_soon_limit(on: datetime.date | None = None) -> datetime.date:
    """Cases due within five working days count as due soon."""
    return add_working_days(on or today(), 5)
