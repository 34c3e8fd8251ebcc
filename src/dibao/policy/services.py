"""Setting standards and rules. A new version from a month closes the one before it; nothing that
applied to an earlier month is changed, so every past assessment can be repeated exactly."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import add_months
from dibao.core.roles import POLICY_EDITORS
from dibao.registry.models import UrbanRural

from .inputs import ProgramRulesData, RulesData, StandardData
from .models import Program, ProgramRules, Rules, Standard
from .programs.in_force import display_name
from .validation import RULE_FIELDS, clean_program_rules, clean_rules, clean_standard


def require_policy_editor(actor: User | None, area: Area) -> None:
    """`actor=None` is the server's operator on the command line, who may do anything."""
    if actor is None:
        return
    if actor.area is None or not (actor.area.contains(area) or area.contains(actor.area)):
        raise NotFound()  # neither the user's area, below it, nor above it: not theirs to know of
    if actor.role not in POLICY_EDITORS or not actor.area.contains(area):
        raise Forbidden()  # policy set above the user applies to them, but is not theirs to change


def _close_previous(
    rows: list[Any], valid_from: datetime.date, label: Any, actor: User | None, area: Area
) -> None:
    """Refuse a version that starts on or before a later one; end the one in force before it."""
    later = [r for r in rows if r.valid_from >= valid_from]
    if later:
        raise DomainError(
            _("%(what)s already has a version from %(month)s; a new version must start after it.")
            % {"what": label, "month": f"{max(r.valid_from for r in later):%Y-%m}"},
            field="valid_from",
        )
    previous = max(rows, key=lambda r: r.valid_from, default=None)
    if previous is not None and (previous.valid_to is None or previous.valid_to >= valid_from):
        before = audit.snapshot(previous)
        previous.valid_to = add_months(valid_from, -1)
        previous.save(update_fields=["valid_to"])
        audit.record_update(actor=actor, obj=previous, before=before, area_code=area.code)


def standard_set(*, area: Area, data: StandardData, actor: User | None) -> Standard:
    """A standard for an area and kind from a month.

    `data`: {"kind": "urban", "amount": "760", "valid_from": "2026-07"}.
    """
    require_policy_editor(actor, area)
    values = clean_standard(data)
    label = _("The %(kind)s standard of %(area)s") % {
        "kind": UrbanRural(values["kind"]).label,
        "area": area.name,
    }
    with transaction.atomic():
        rows = list(Standard.objects.select_for_update().filter(area=area, kind=values["kind"]))
        _close_previous(rows, values["valid_from"], label, actor, area)
        standard = Standard.objects.create(area=area, **values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=standard,
            area_code=area.code,
            after=audit.snapshot(standard),
            note=str(label),
        )
    return standard


def rules_set(*, area: Area, data: RulesData, actor: User | None) -> Rules:
    """A new version of an area's rules from a month; fields not given keep the national defaults."""
    require_policy_editor(actor, area)
    values = clean_rules(data)
    label = _("The rules of %(area)s") % {"area": area.name}
    with transaction.atomic():
        rows = list(Rules.objects.select_for_update().filter(area=area))
        _close_previous(rows, values["valid_from"], label, actor, area)
        rules = Rules.objects.create(area=area, **values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=rules,
            area_code=area.code,
            after=audit.snapshot(rules),
            note=str(label),
        )
    return rules


def program_rules_set(
    *, area: Area, program: Program, data: ProgramRulesData, actor: User | None
) -> ProgramRules:
    """A new version of an area's terms for a program from a month: switched on or off, named
    locally, its amounts and time limits; terms not given keep the program's defaults."""
    require_policy_editor(actor, area)
    values = clean_program_rules(program.code, data)
    label = _("The terms of %(program)s in %(area)s") % {"program": display_name(program), "area": area.name}
    with transaction.atomic():
        rows = list(ProgramRules.objects.select_for_update().filter(area=area, program=program))
        _close_previous(rows, values["valid_from"], label, actor, area)
        row = ProgramRules.objects.create(area=area, program=program, **values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=row,
            area_code=area.code,
            after=audit.snapshot(row),
            note=str(label),
        )
    return row


def rules_values(rules: Rules) -> dict[str, Any]:
    """A rule set's values as input for the next version (the form starts from the one in force)."""
    return {field: getattr(rules, field) for field in RULE_FIELDS}
