"""The county's care homes (供养服务机构): 特困 persons supported in one are paid to its account."""

from typing import TypedDict

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import NON_FIELD, DomainError
from dibao.policy.services import require_policy_editor

from ..models import CareHome


class CareHomeData(TypedDict, total=False):
    name: str | None
    bank_name: str | None
    bank_account: str | None
    active: bool | str | None


def _clean(data: CareHomeData) -> dict[str, object]:
    errors: dict[str, list[object]] = {}
    values: dict[str, object] = {}
    for field in ("name", "bank_name", "bank_account"):
        text = str(data.get(field) or "").strip()
        limit = CareHome._meta.get_field(field).max_length  # type: ignore[union-attr]
        if not text:
            errors[field] = [_("This field is required.")]
        elif limit is not None and len(text) > limit:
            errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
        values[field] = text
    account = str(values.get("bank_account") or "")
    if account and not account.replace(" ", "").isdigit():
        errors["bank_account"] = [_("A bank account is written in digits.")]
    values["bank_account"] = account.replace(" ", "")
    active = data.get("active", True)
    values["active"] = active is True or str(active).strip().lower() in ("1", "true", "yes", "on")
    if errors:
        raise DomainError(errors=errors)
    return values


def care_home_add(*, county: Area, data: CareHomeData, actor: User | None) -> CareHome:
    if county.level != Level.COUNTY:
        raise DomainError(_("Care homes are kept by the county."), field=NON_FIELD)
    require_policy_editor(actor, county)
    values = _clean(data)
    try:
        with transaction.atomic():
            home = CareHome.objects.create(county=county, **values)
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                obj=home,
                area_code=county.code,
                after=audit.snapshot(home),
            )
    except IntegrityError:
        raise DomainError(_("The county already has a care home of this name."), field="name") from None
    return home


def care_home_update(*, home: CareHome, data: CareHomeData, actor: User | None) -> CareHome:
    require_policy_editor(actor, home.county)
    values = _clean(data)
    try:
        with transaction.atomic():
            locked = CareHome.objects.select_for_update().get(pk=home.pk)
            before = audit.snapshot(locked)
            for field, value in values.items():
                setattr(locked, field, value)
            locked.save()
            audit.record(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=locked,
                area_code=locked.county.code,
                before=before,
                after=audit.snapshot(locked),
            )
    except IntegrityError:
        raise DomainError(_("The county already has a care home of this name."), field="name") from None
    return locked
