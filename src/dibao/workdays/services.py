"""Correcting the calendar and adding a year to it, for the county and administrators.

The State Council publishes the next year's holidays each November; until someone enters them the
year is counted by the weekend rule alone (see `calendar`). Each write is audited in its transaction.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden
from dibao.core.roles import CALENDAR_EDITORS

from .calendar import SATURDAY
from .models import NAME_LENGTH, NOTE_LENGTH, CalendarDay, Kind

# Wide enough for any deadline dibao counts; narrow enough to catch a mistyped year (0226, 20226).
FIRST_YEAR, LAST_YEAR = 2000, 2099


def _require_editor(actor: User | None) -> None:
    # No actor: the server's operator at the command line, whom no role limits (core.console).
    if actor is not None and actor.role not in CALENDAR_EDITORS:
        raise Forbidden()


def _area_code(actor: User | None) -> str:
    # The calendar is the whole country's, so the entry goes to the editor's county: its auditors
    # are the ones who would ask why a deadline moved.
    return actor.area.county_code if actor is not None and actor.area is not None else ""


def parse_day(value: Any) -> datetime.date:
    """A date, or YYYY-MM-DD; DomainError on the `day` field otherwise."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field="day") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DomainError(
            _("The calendar holds years %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="day",
        )
    return day


def calendar_day_set(*, day: Any, kind: str, name: str, actor: User | None, note: str = "") -> CalendarDay:
    """Store `day` as a holiday or a make-up workday, replacing what was stored for it."""
    _require_editor(actor)
    errors: dict[str, list[Any]] = {}
    try:
        parsed = parse_day(day)
    except DomainError as exc:
        errors.update(exc.errors)
        parsed = None
    kind, name, note = str(kind or "").strip(), str(name or "").strip(), str(note or "").strip()
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a holiday or a make-up workday.")]
    elif kind == Kind.WORKDAY and parsed is not None and parsed.weekday() < SATURDAY:
        # Monday to Friday is a working day already; storing it would change nothing and mislead.
        errors["day"] = [
            _("%(day)s is a weekday and a working day already: a make-up workday is a Saturday or Sunday.")
            % {"day": f"{parsed:%Y-%m-%d}"}
        ]
    if not name:
        errors["name"] = [_("Name the holiday, for example 春节 or 国庆节.")]
    elif len(name) > NAME_LENGTH:
        errors["name"] = [_("At most %(n)s characters.") % {"n": NAME_LENGTH}]
    if len(note) > NOTE_LENGTH:
        errors["note"] = [_("At most %(n)s characters.") % {"n": NOTE_LENGTH}]
    if errors or parsed is None:
        raise DomainError(errors=errors)
    with transaction.atomic():
        existing = CalendarDay.objects.select_for_update().filter(date=parsed).first()
        if existing is None:
            created = CalendarDay.objects.create(date=parsed, kind=kind, name=name, note=note)
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                obj=created,
                area_code=_area_code(actor),
                after=audit.snapshot(created),
            )
            return created
        before = audit.snapshot(existing)
        existing.kind, existing.name, existing.note = kind, name, note
        existing.save(update_fields=["kind", "name", "note"])
        audit.record_update(actor=actor, obj=existing, before=before, area_code=_area_code(actor))
        return existing


def calendar_day_remove(*, day: Any, actor: User | None) -> None:
    """Forget what is stored for `day`, which then follows the weekend rule again."""
    _require_editor(actor)
    parsed = parse_day(day)
    with transaction.atomic():
        existing = CalendarDay.objects.select_for_update().filter(date=parsed).first()
        if existing is None:
            raise DomainError(
                _("Nothing is stored for %(day)s: it follows the weekend rule.")
                % {"day": f"{parsed:%Y-%m-%d}"},
                field="day",
            )
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            obj=existing,
            area_code=_area_code(actor),
            before=audit.snapshot(existing),
        )
        existing.delete()
