"""Creating and renaming areas. Codes are checked against the parent so that prefixes scope."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden
from dibao.core.roles import AREA_MANAGERS

from .models import CHILD_LEVEL, PREFIX_LENGTH, Area, Level
from .staff import AreaStaff


def _check_code(code: str, level: str, parent: Area | None) -> None:
    if level == Level.COUNTY:
        if parent is not None:
            raise DomainError(_("A county has no parent area."), field="parent")
        if len(code) != 6 or not code.isdigit():
            raise DomainError(_("A county code has 6 digits (GB/T 2260)."), field="code")
        return
    if len(code) != 12 or not code.isdigit():
        raise DomainError(_("A street or community code has 12 digits."), field="code")
    if parent is None or CHILD_LEVEL.get(Level(parent.level)) != level:
        raise DomainError(
            _("A %(level)s must lie in a %(parent)s.")
            % {
                "level": Level(level).label,
                "parent": Level.COUNTY.label if level == Level.STREET else Level.STREET.label,
            },
            field="parent",
        )
    if not code.startswith(parent.scope_prefix):
        raise DomainError(
            _("The code must begin with the parent's code %(p)s.") % {"p": parent.scope_prefix}, field="code"
        )
    own = code[PREFIX_LENGTH[Level(parent.level)] : PREFIX_LENGTH[Level(level)]]
    rest = code[PREFIX_LENGTH[Level(level)] :]
    if set(own) == {"0"} or set(rest) - {"0"}:
        raise DomainError(
            _("This is not a valid %(level)s code.") % {"level": Level(level).label}, field="code"
        )


def area_create(*, code: str, name: str, level: str, parent: Area | None, actor: AreaStaff | None) -> Area:
    if actor is not None and actor.role not in AREA_MANAGERS:
        raise Forbidden()
    code, name = str(code).strip(), str(name).strip()
    if not name:
        raise DomainError(_("A name is required."), field="name")
    _check_code(code, level, parent)
    if actor is not None and parent is not None and (actor.area is None or not actor.area.contains(parent)):
        raise Forbidden()
    with transaction.atomic():
        if Area.objects.filter(code=code).exists():
            raise DomainError(_("An area with code %(c)s already exists.") % {"c": code}, field="code")
        area = Area.objects.create(
            code=code, name=name, level=level, parent=parent, scope_prefix=code[: PREFIX_LENGTH[Level(level)]]
        )
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=area, area_code=area.code, after=audit.snapshot(area)
        )
    return area


def area_rename(*, area: Area, name: str, actor: AreaStaff) -> Area:
    if actor.role not in AREA_MANAGERS:
        raise Forbidden()
    name = str(name).strip()
    if not name:
        raise DomainError(_("A name is required."), field="name")
    with transaction.atomic():
        before = audit.snapshot(area)
        area.name = name
        area.save(update_fields=["name"])
        audit.record_update(actor=actor, obj=area, before=before, area_code=area.code)
    return area
