"""临时救助's writes: an application for a household on the register or a person not yet on it,
help first (先行救助) for an emergency, and the decision that grants (registered with cases as the
program's decision: `cases.programs.ONE_OFF_DECISIONS`). The rules are `assistance.temporary`."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.cases.models import Application, Kind, State
from dibao.cases.services.steps import application_create, help_first_record
from dibao.core.errors import DomainError
from dibao.core.ids import parse_id
from dibao.core.money import parse_amount
from dibao.core.months import add_months
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import program_in_force
from dibao.policy.selectors import in_force as policy_in_force
from dibao.registry.models import Household
from dibao.registry.services import household_create
from dibao.workdays.calendar import add_working_days

from .. import temporary
from ..inputs import TemporaryApplicationData, TemporaryDecisionData
from ..models import GrantState, OneOffGrant
from .grants import one_off_grant_record


def terms_for(community: Area, day: datetime.date) -> dict[str, Any]:
    found = program_in_force(community, day.replace(day=1), codes.TEMPORARY)
    if found is None or not found.enabled:
        raise DomainError(_("Temporary assistance is not in use in this area."), field="program")
    return found.terms


def standard_for(household: Household, day: datetime.date) -> Decimal:
    used = policy_in_force(household.community, day.replace(day=1)).context.standards.get(
        household.urban_rural
    )
    return used.amount if used else Decimal("0")


def repeat_warning(household: Household, day: datetime.date, terms: Mapping[str, Any]) -> str:
    """Help to the same household within the county's repeat period: said, never silent."""
    months = int(terms.get("repeat_months", 12))
    since = add_months(day.replace(day=1), -months)
    earlier = (
        OneOffGrant.objects.filter(household=household, program_id=codes.TEMPORARY, decided_on__gte=since)
        .exclude(state=GrantState.CANCELLED)
        .order_by("-decided_on")
        .first()
    )
    if earlier is None:
        return ""
    return str(
        _("Helped already on %(day)s (%(amount)s 元), within the repeat period of %(months)s months.")
        % {"day": earlier.decided_on.isoformat(), "amount": earlier.amount, "months": months}
    )


def temporary_apply(*, community: Area, data: TemporaryApplicationData, actor: User) -> Application:
    """A 临时救助 application: for a household on the register (`household`), or for a person not
    on it, registered first in `community` with the register's usual checks (ID number, name).
    `kind`: emergency (help first may follow) or expense."""
    kind = str(data.get("kind") or "").strip()
    if kind not in temporary.KINDS:
        raise DomainError(_("Choose emergency or expense-driven."), field="kind")
    with transaction.atomic():
        if data.get("household") not in (None, ""):
            household = Household.objects.filter(pk=parse_id(data.get("household"), "household")).first()
            if household is None:
                raise DomainError(_("No such household."), field="household")
        else:
            household = household_create(
                community=community,
                data={
                    "address": data.get("address") or "",
                    "phone": data.get("phone") or "",
                    "urban_rural": data.get("urban_rural") or "urban",
                },
                head={
                    "name": data.get("name"),
                    "id_number": data.get("id_number"),
                    "hukou": data.get("hukou"),
                    "phone": data.get("phone"),
                },
                actor=actor,
            )
        return application_create(
            household=household,
            data={
                "program": codes.TEMPORARY,
                "kind": Kind.FAST_TRACK if kind == temporary.EMERGENCY else Kind.NEW,
                "applicant_name": data.get("applicant_name"),
                "reason": data.get("reason"),
            },
            actor=actor,
        )


def _amount_asked(data: Mapping[str, Any]) -> Decimal | None:
    if data.get("amount") in (None, ""):
        return None
    value = parse_amount(data.get("amount"), column=OneOffGrant._meta.get_field("amount"), field="amount")
    if value <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    return value


def _grant(
    application: Application, data: Mapping[str, Any], actor: User | None, *, help_first: bool
) -> tuple[OneOffGrant, temporary.Amount]:
    day = timezone.localdate()
    household = application.household
    terms = terms_for(application.community, day)
    kind = str(data.get("assistance_kind") or data.get("kind") or "").strip()
    if kind not in temporary.KINDS:
        raise DomainError(_("Choose emergency or expense-driven."), field="assistance_kind")
    if help_first and kind != temporary.EMERGENCY:
        raise DomainError(_("Help first is for an emergency."), field="assistance_kind")
    category = str(data.get("category") or "").strip()
    if category not in temporary.CATEGORIES:
        raise DomainError(
            _("Choose a reason category: %(c)s.") % {"c": ", ".join(temporary.CATEGORIES)}, field="category"
        )
    decided = temporary.decided_amount(
        terms=terms,
        standard=standard_for(household, day),
        level=data.get("level"),
        amount=_amount_asked(data),
        amount_reason=str(data.get("override_reason") or data.get("amount_reason") or ""),
    )
    temporary.may_decide(
        terms=terms, role=actor.role if actor else None, months=decided.months, help_first=help_first
    )
    goods = data.get("goods")
    grant = one_off_grant_record(
        program=codes.TEMPORARY,
        household=household,
        member=application.member,
        amount=decided.amount,
        kind=kind,
        category=category,
        reason=str(data.get("reason") or data.get("note") or application.reason or category),
        decided_on=day,
        actor=actor,
        in_kind=str(goods) if goods not in (None, "") else None,
        application=application,
        months=decided.months,
        help_first=help_first,
        repeat_warning=repeat_warning(household, day, terms),
    )
    return grant, decided


def temporary_help_first(
    *, application: Application, data: TemporaryDecisionData, actor: User
) -> OneOffGrant:
    """先行救助: the street (or the community where delegated) grants at once, up to the help-first
    limit; the application stays open and its paperwork is due within the set working days."""
    if str(application.program_id) != codes.TEMPORARY:
        raise DomainError(_("Help first is given on a temporary assistance application."), field="program")
    if (
        OneOffGrant.objects.filter(application=application, help_first=True)
        .exclude(state=GrantState.CANCELLED)
        .exists()
    ):
        raise DomainError(_("Help was already given first on this application."), code="help_given")
    with transaction.atomic():
        grant, _decided = _grant(
            application, {**data, "assistance_kind": temporary.EMERGENCY}, actor, help_first=True
        )
        days = int(terms_for(application.community, grant.decided_on).get("paperwork_working_days", 5))
        help_first_record(
            application=application, due_on=add_working_days(grant.decided_on, days), actor=actor
        )
    return grant


def temporary_decision(
    application: Application, data: Mapping[str, Any], actor: User
) -> tuple[Decimal, list[dict[str, Any]]]:
    """The approval of a 临时救助 application (called by cases in its transaction). After help
    first, the investigation must be done and the decision confirms it: only what is decided above
    the help already given is granted again."""
    first = (
        OneOffGrant.objects.filter(application=application, help_first=True)
        .exclude(state=GrantState.CANCELLED)
        .first()
    )
    if first is None:
        grant, decided = _grant(application, data, actor, help_first=False)
        lines = decided.lines + ([{"text": grant.repeat_warning}] if grant.repeat_warning else [])
        return grant.amount, lines
    if application.state in (State.SUBMITTED, State.ACCEPTED):
        raise DomainError(_("After help first, record the investigation before confirming it."))
    if data.get("level") in (None, "") and data.get("amount") in (None, ""):
        return first.amount, [{"text": f"help first confirmed: {first.amount} 元"}]
    terms = terms_for(application.community, timezone.localdate())
    decided = temporary.decided_amount(
        terms=terms,
        standard=standard_for(application.household, timezone.localdate()),
        level=data.get("level"),
        amount=_amount_asked(data),
        amount_reason=str(data.get("override_reason") or ""),
    )
    temporary.may_decide(
        terms=terms, role=actor.role if actor else None, months=decided.months, help_first=False
    )
    rest = decided.amount - first.amount
    if rest > 0:
        one_off_grant_record(
            program=codes.TEMPORARY,
            household=application.household,
            member=application.member,
            amount=rest,
            kind=first.kind,
            category=first.category,
            reason=str(data.get("reason") or first.reason),
            decided_on=timezone.localdate(),
            actor=actor,
            application=application,
        )
    return decided.amount, decided.lines
