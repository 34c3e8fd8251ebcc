"""Creating users. Each role belongs at one level of area (DESIGN.md §2)."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden
from dibao.core.roles import ROLE_LEVEL, USER_MANAGERS, Role

from .models import User


def user_create(
    *,
    username: str,
    role: str,
    area: Area,
    password: str,
    full_name: str = "",
    actor: Any,
    check_password: bool = True,
) -> User:
    """`actor=None` is the command line run by the server's operator."""
    if actor is not None and (actor.role not in USER_MANAGERS or not actor.area.contains(area)):
        raise Forbidden()
    username = str(username).strip()
    if not username:
        raise DomainError(_("A username is required."), field="username")
    if role not in Role.values:
        raise DomainError(
            _("Unknown role '%(r)s'; one of: %(all)s.") % {"r": role, "all": ", ".join(Role.values)},
            field="role",
        )
    level = ROLE_LEVEL[Role(role)]
    if level is not None and area.level != level:
        raise DomainError(
            _("A %(role)s belongs to a %(level)s, not to %(area)s.")
            % {"role": Role(role).label, "level": Level(level).label, "area": area.name},
            field="area",
        )
    user = User(username=username, role=role, area=area, full_name=full_name)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(errors={"password": list(exc.messages)}) from None
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise DomainError(_("The username %(u)s is taken.") % {"u": username}, field="username")
        user.set_password(password)
        user.save()
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=user, area_code=area.code, after=audit.snapshot(user)
        )
    return user
