"""Every write of holiday relief: a campaign and its packages, its selection (set-based: one query
per criterion, one insert of the recipients, one insert of their audit entries), households added
or removed by hand, and delivery. Each audited in its own transaction."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.counts import parse_count
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.money import parse_amount
from dibao.core.months import parse_date
from dibao.core.roles import CAMPAIGN_OPENERS, REGISTRY_WRITERS
from dibao.policy.programs import codes
from dibao.registry.models import Household, HouseholdStatus, Member

from ..models import (
    HolidayCampaign,
    HolidayItem,
    HolidayItemKind,
    HolidayRecipient,
    OneOffGrant,
    RecipientState,
)
from ..services.grants import one_off_grant_record
from . import criteria as rules
from .inputs import HolidayCampaignData, HolidayItemData

ZERO = Decimal("0.00")
_FIELDS = ["criteria", "by_hand", "hand_reason", "package", "value", "state", "delivered_on", "state_reason"]
GRANT_KIND = GRANT_CATEGORY = "holiday"


def _require(actor: User | None, area: Area, roles: frozenset[str]) -> None:
    """`actor=None` is the server's operator at the console."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(area):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()


def _items(raw: list[HolidayItemData], criteria: list[str]) -> list[HolidayItem]:
    errors: dict[str, list[Any]] = {}
    items = []
    unit = HolidayItem._meta.get_field("unit_value")
    quantity_col = HolidayItem._meta.get_field("quantity")
    for n, item in enumerate(raw, start=1):
        criterion = str(item.get("criterion") or "").strip().lower()
        kind = str(item.get("kind") or "").strip().lower()
        where = f"items.{n}"
        if criterion and criterion not in criteria:
            errors[f"{where}.criterion"] = [
                _("'%(v)s' is not one of the campaign's criteria.") % {"v": criterion}
            ]
        if kind not in HolidayItemKind.values:
            errors[f"{where}.kind"] = [
                _("'%(v)s' is not an item (%(known)s).")
                % {"v": kind, "known": ", ".join(HolidayItemKind.values)}
            ]
        try:
            value = parse_amount(item.get("unit_value"), column=unit, field=f"{where}.unit_value")
            if value <= 0:
                errors[f"{where}.unit_value"] = [_("The amount must be more than zero.")]
            count = parse_count(
                item.get("quantity") or 1,
                column=quantity_col,
                field=f"{where}.quantity",
                minimum=1,
                maximum=1000,
            )
        except DomainError as exc:
            errors.update(exc.errors)
            continue
        name = str(item.get("name") or "").strip()
        if len(name) > 40:
            errors[f"{where}.name"] = [_("At most %(n)s characters.") % {"n": 40}]
        items.append(HolidayItem(criterion=criterion, kind=kind, name=name, quantity=count, unit_value=value))
    if errors:
        raise DomainError(errors=errors)
    return items


def holiday_campaign_create(*, area: Area, data: HolidayCampaignData, actor: User | None) -> HolidayCampaign:
    """A campaign of a county or a street (by that level: a street's or the county's own staff),
    with its packages, and its first selection."""
    if area.level not in (Level.COUNTY, Level.STREET):
        raise DomainError(_("A holiday campaign is a county's or a street's."), field="area")
    _require(actor, area, CAMPAIGN_OPENERS)
    if actor is not None and actor.area_id != area.pk:
        raise Forbidden()
    errors: dict[str, list[Any]] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    elif len(name) > 60:
        errors["name"] = [_("At most %(n)s characters.") % {"n": 60}]
    held_on = None
    try:
        held_on = parse_date(data.get("held_on"), "held_on")
        if held_on is None:
            errors["held_on"] = [_("This field is required.")]
    except DomainError as exc:
        errors.update(exc.errors)
    chosen: list[str] = []
    try:
        chosen = rules.parse(data.get("criteria"))
    except DomainError as exc:
        errors.update(exc.errors)
    items: list[HolidayItem] = []
    try:
        items = _items(list(data.get("items") or []), chosen)
    except DomainError as exc:
        errors.update(exc.errors)
    if errors:
        raise DomainError(errors=errors)
    assert held_on is not None
    if HolidayCampaign.objects.filter(area=area, name=name, held_on=held_on).exists():
        raise DomainError(_("The area has this campaign on this date already."), field="name", code="exists")
    with transaction.atomic():
        campaign = HolidayCampaign.objects.create(
            name=name, held_on=held_on, area=area, criteria=chosen, created_by=audit.acting_user(actor)
        )
        for item in items:
            item.campaign = campaign
        HolidayItem.objects.bulk_create(items)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=campaign,
            area_code=area.code,
            after={
                "name": name,
                "held_on": held_on.isoformat(),
                "criteria": chosen,
                "items": [[i.criterion, i.kind, i.name, i.quantity, str(i.unit_value)] for i in items],
            },
            note="holiday campaign",
        )
        holiday_campaign_select(campaign=campaign, actor=actor)
    return campaign


def packages(campaign: HolidayCampaign) -> dict[str, tuple[Decimal, Decimal]]:
    """Each package's (cash, goods value) by the criterion it is for ("" everyone's)."""
    found: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for item in campaign.items.all():
        total = item.unit_value * item.quantity
        found[item.criterion][0 if item.kind == HolidayItemKind.CASH else 1] += total
    return {key: (cash, goods) for key, (cash, goods) in found.items()}


def package_for(met: list[str], campaign: HolidayCampaign, chosen: dict[str, tuple[Decimal, Decimal]]) -> str:
    """The first of the campaign's criteria the household met that has a package of its own."""
    return next((c for c in campaign.criteria if c in met and c in chosen), "")


def _persons(ids: list[int]) -> dict[int, int]:
    rows = (
        Member.objects.filter(household_id__in=ids, is_current=True)
        .values("household_id")
        .annotate(n=Count("id"))
        .values_list("household_id", "n")
    )
    return dict(rows)


def holiday_campaign_select(*, campaign: HolidayCampaign, actor: User | None) -> int:
    """Choose the households by the campaign's criteria on its date: one query per criterion. A
    household meeting several is listed once with all it met. Chosen again, the rows not yet
    handed over and not touched by hand are replaced; delivered ones and those added or removed
    by hand stay. Returns how many are listed."""
    _require(actor, campaign.area, CAMPAIGN_OPENERS)
    households = rules.in_area(campaign.area.scope_prefix)
    met: dict[int, list[str]] = defaultdict(list)
    for code in campaign.criteria:
        for pk in rules.household_ids(code, households, campaign.held_on).values_list("pk", flat=True):
            met[pk].append(code)
    chosen = packages(campaign)
    with transaction.atomic():
        kept = campaign.recipients.exclude(state=RecipientState.PENDING, by_hand=False)
        stale = campaign.recipients.filter(state=RecipientState.PENDING, by_hand=False)
        gone = list(stale.exclude(household_id__in=list(met)).select_related("community"))
        stale.delete()
        keep = set(kept.values_list("household_id", flat=True))
        new_ids = [pk for pk in met if pk not in keep]
        persons = _persons(new_ids)
        where = dict(Household.objects.filter(pk__in=new_ids).values_list("pk", "community_id"))
        rows = []
        for pk in new_ids:
            package = package_for(met[pk], campaign, chosen)
            cash, goods = chosen.get(package, (ZERO, ZERO))
            rows.append(
                HolidayRecipient(
                    campaign=campaign,
                    household_id=pk,
                    community_id=where[pk],
                    criteria=met[pk],
                    persons=persons.get(pk, 0),
                    package=package,
                    cash=cash,
                    goods_value=goods,
                    value=cash + goods,
                )
            )
        HolidayRecipient.objects.bulk_create(rows, batch_size=500)
        written = campaign.recipients.filter(household_id__in=new_ids).select_related("community")
        entries = [
            audit.entry(
                actor=actor,
                action=audit.Action.CREATE,
                obj=r,
                area_code=r.community.code,
                household_id=r.household_id,
                after=audit.snapshot(r, _FIELDS),
                note="holiday: selected",
            )
            for r in written
        ]
        entries += [
            audit.entry(
                actor=actor,
                action=audit.Action.DELETE,
                obj=r,
                area_code=r.community.code,
                household_id=r.household_id,
                note="holiday: no longer meets the criteria",
            )
            for r in gone
        ]
        audit.record_many(entries)
    return campaign.recipients.exclude(state=RecipientState.REMOVED).count()


def _check_reason(reason: str, field: str = "reason") -> str:
    text = str(reason or "").strip()
    if not text:
        raise DomainError(_("Give the reason."), field=field)
    if len(text) > 200:
        raise DomainError(_("At most %(n)s characters.") % {"n": 200}, field=field)
    return text


def holiday_recipient_add(
    *, campaign: HolidayCampaign, household: Household, reason: str, actor: User | None
) -> HolidayRecipient:
    """Add a household of the campaign's area by hand, with the reason; it gets everyone's package.
    A household removed by hand before is listed again."""
    _require(actor, household.community, REGISTRY_WRITERS)
    if not campaign.area.contains(household.community):
        raise DomainError(_("The household is not in the campaign's area."), field="household")
    if household.status == HouseholdStatus.TERMINATED:
        raise DomainError(_("The household is terminated."), field="household")
    text = _check_reason(reason)
    cash, goods = packages(campaign).get("", (ZERO, ZERO))
    with transaction.atomic():
        found = campaign.recipients.select_for_update().filter(household=household).first()
        if found is not None and found.state != RecipientState.REMOVED:
            raise DomainError(_("The household is on the list already."), field="household", code="exists")
        before = audit.snapshot(found, _FIELDS) if found else None
        recipient = found or HolidayRecipient(
            campaign=campaign, household=household, community=household.community
        )
        recipient.by_hand, recipient.hand_reason, recipient.state = True, text, RecipientState.PENDING
        recipient.state_reason = ""
        if found is None:
            recipient.persons = _persons([household.pk]).get(household.pk, 0)
            recipient.cash, recipient.goods_value, recipient.value = cash, goods, cash + goods
        try:
            with transaction.atomic():
                recipient.save()
        except IntegrityError:
            raise DomainError(
                _("The household is on the list already."), field="household", code="exists"
            ) from None
        _audit(recipient, actor, before, "holiday: added by hand: " + text)
    return recipient


def _audit(recipient: HolidayRecipient, actor: User | None, before: dict[str, Any] | None, note: str) -> None:
    audit.record(
        actor=actor,
        action=audit.Action.CREATE if before is None else audit.Action.UPDATE,
        obj=recipient,
        area_code=recipient.community.code,
        household_id=recipient.household_id,
        before=before,
        after=audit.snapshot(recipient, _FIELDS),
        note=note[:500],
    )


def _locked(recipient: HolidayRecipient, actor: User | None, roles: frozenset[str]) -> HolidayRecipient:
    _require(actor, recipient.community, roles)
    return (
        HolidayRecipient.objects.select_for_update(of=("self",))
        .select_related("community", "campaign", "household")
        .get(pk=recipient.pk)
    )


def holiday_recipient_remove(
    *, recipient: HolidayRecipient, reason: str, actor: User | None
) -> HolidayRecipient:
    """Take a household off the list by hand, with the reason; a package handed over stays."""
    text = _check_reason(reason)
    with transaction.atomic():
        locked = _locked(recipient, actor, REGISTRY_WRITERS)
        if locked.state == RecipientState.DELIVERED:
            raise DomainError(
                _("The package was handed over; it cannot be taken off the list."), code="delivered"
            )
        before = audit.snapshot(locked, _FIELDS)
        locked.state, locked.state_reason, locked.by_hand = RecipientState.REMOVED, text, True
        locked.save()
        _audit(locked, actor, before, "holiday: removed by hand: " + text)
    return locked


def holiday_recipient_deliver(
    *,
    recipient: HolidayRecipient,
    delivered: bool,
    delivered_on: datetime.date | str | None = None,
    delivered_by: str = "",
    reason: str = "",
    actor: User | None,
) -> HolidayRecipient:
    """Record the visit: the package handed over (the day, and who handed it over) or not (why)."""
    errors: dict[str, list[Any]] = {}
    day = None
    by = str(delivered_by or "").strip()
    text = str(reason or "").strip()
    if delivered:
        try:
            day = parse_date(delivered_on, "delivered_on")
            if day is None:
                errors["delivered_on"] = [_("This field is required.")]
        except DomainError as exc:
            errors.update(exc.errors)
        if not by:
            errors["delivered_by"] = [_("This field is required.")]
        elif len(by) > 60:
            errors["delivered_by"] = [_("At most %(n)s characters.") % {"n": 60}]
    elif not text:
        errors["reason"] = [_("Give the reason.")]
    if len(text) > 200:
        errors["reason"] = [_("At most %(n)s characters.") % {"n": 200}]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        locked = _locked(recipient, actor, REGISTRY_WRITERS)
        if locked.state == RecipientState.REMOVED:
            raise DomainError(_("The household was taken off the list."), code="removed")
        before = audit.snapshot(locked, _FIELDS)
        locked.state = RecipientState.DELIVERED if delivered else RecipientState.NOT_DELIVERED
        locked.delivered_on, locked.delivered_by = (day, by) if delivered else (None, "")
        locked.state_reason = "" if delivered else text
        locked.save()
        _audit(
            locked, actor, before, "holiday: delivered" if delivered else "holiday: not delivered: " + text
        )
    return locked


def holiday_cash_grants_record(*, campaign: HolidayCampaign, actor: User | None) -> int:
    """Pay the cash part through the bank instead of by hand: each listed household's cash becomes
    a one-off grant of 临时救助 (the catalogue has no holiday program), kind and category "holiday",
    which payroll pays once. A recipient that has its grant, or was taken off, is skipped. Returns
    how many grants were recorded."""
    _require(actor, campaign.area, CAMPAIGN_OPENERS)
    reason = _("%(name)s (%(day)s): holiday relief") % {
        "name": campaign.name,
        "day": campaign.held_on.isoformat(),
    }
    count = 0
    with transaction.atomic():
        waiting = (
            campaign.recipients.select_for_update(of=("self",))
            .filter(grant__isnull=True, cash__gt=0)
            .exclude(state__in=[RecipientState.REMOVED, RecipientState.NOT_DELIVERED])
            .select_related("household__community", "community")
        )
        for recipient in waiting:
            grant: OneOffGrant = one_off_grant_record(
                program=codes.TEMPORARY,
                household=recipient.household,
                member=None,
                amount=recipient.cash,
                kind=GRANT_KIND,
                category=GRANT_CATEGORY,
                reason=reason,
                decided_on=campaign.held_on,
                actor=actor,
            )
            before = audit.snapshot(recipient, _FIELDS)
            recipient.grant = grant
            recipient.save(update_fields=["grant"])
            _audit(recipient, actor, before, f"holiday: cash as grant {grant.pk}")
            count += 1
    return count
