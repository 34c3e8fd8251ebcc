"""The signed list of a community (慰问品发放签领表): each household visited, its head and masked ID
number, its address, what it is given and its value, and a column to sign; and the totals per
community and street as an xlsx. Built from the recipients' rows, so the list, the page and the
workbook agree to the fen. ID numbers are always masked here: the list is passed from hand to hand
at the visits, and the household's head signs against their name, not their number."""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dibao.areas.models import Area
from dibao.core.disclosure import mask_id_number
from dibao.core.pdf import LANDSCAPE, render_pdf
from dibao.registry.models import Member, Relation

from ..models import HolidayCampaign, HolidayItem, HolidayItemKind, HolidayRecipient
from . import criteria
from .selectors import Totals, totals

ZERO = Decimal("0.00")


def describe(items: list[HolidayItem]) -> str:
    """'Cash 200.00 元; Rice ×2 (80.00 元)': what a package holds, in the reader's language."""
    parts = []
    for item in items:
        value = item.unit_value * item.quantity
        text = item.name or str(HolidayItemKind(item.kind).label)
        if item.kind == HolidayItemKind.CASH:
            parts.append(_("%(what)s %(value)s yuan") % {"what": text, "value": value})
        else:
            parts.append(
                _("%(what)s ×%(n)s (%(value)s yuan)") % {"what": text, "n": item.quantity, "value": value}
            )
    return "; ".join(parts) or "—"


def package_texts(campaign: HolidayCampaign) -> dict[str, str]:
    grouped: dict[str, list[HolidayItem]] = {}
    for item in campaign.items.all():
        grouped.setdefault(item.criterion, []).append(item)
    return {key: describe(items) for key, items in grouped.items()}


@dataclass(frozen=True)
class Row:
    number: int
    household: str
    head: str
    id_number: str
    address: str
    persons: int
    criteria: str
    package: str
    value: Decimal


def rows(campaign: HolidayCampaign, recipients: Iterable[HolidayRecipient]) -> list[Row]:
    listed = list(recipients)
    heads = dict(
        Member.objects.filter(
            household_id__in=[r.household_id for r in listed], relation=Relation.SELF, is_current=True
        ).values_list("household_id", "id")
    )
    people = {m.pk: m for m in Member.objects.filter(pk__in=heads.values()).only("name", "id_number")}
    texts = package_texts(campaign)
    out = []
    for n, r in enumerate(listed, start=1):
        head = people.get(heads.get(r.household_id, 0))
        met = [criteria.label(c) for c in r.criteria] + ([_("added by hand")] if r.by_hand else [])
        out.append(
            Row(
                number=n,
                household=r.household.number,
                head=head.name if head else "—",
                id_number=mask_id_number(head.id_number) if head else "—",
                address=r.household.address,
                persons=r.persons,
                criteria="、".join(met),
                package=texts.get(r.package, "—"),
                value=r.value,
            )
        )
    return out


def community_list_pdf(
    campaign: HolidayCampaign, community: Area, recipients: QuerySet[HolidayRecipient]
) -> bytes:
    listed = rows(campaign, recipients)
    figures = totals(recipients).total
    street = community.parent.name if community.parent else ""
    context: dict[str, Any] = {
        "campaign": campaign,
        "community": community,
        "subtitle": f"{campaign.area.name} {street} {community.name} · {campaign.held_on:%Y-%m-%d}",
        "rows": listed,
        "figures": figures,
    }
    return render_pdf("assistance/holiday/print/signed_list.html", context, page=LANDSCAPE)


def totals_xlsx(campaign: HolidayCampaign, found: Totals) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Totals")[:31])
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    cell = workbook.add_format({"border": 1})
    code = workbook.add_format({"border": 1, "num_format": "@"})
    money = workbook.add_format({"border": 1, "num_format": "0.00"})
    sheet.write_string(0, 0, f"{campaign.area.name} {campaign.name} {campaign.held_on:%Y-%m-%d}", bold)
    headers = [
        _("Level"),
        _("Code"),
        _("Name"),
        pgettext("count", "Households"),
        _("Persons"),
        _("Cash (yuan)"),
        _("Goods (yuan)"),
        _("Value (yuan)"),
        _("Delivered"),
    ]
    for col, text in enumerate(headers):
        sheet.write_string(2, col, text, head)
        sheet.set_column(col, col, 14)
    line = 3
    groups = [(_("Street"), found.streets), (_("Community"), found.communities)]
    for level, pairs in groups:
        for area, f in pairs:
            sheet.write_string(line, 0, level, cell)
            sheet.write_string(line, 1, area.code, code)
            sheet.write_string(line, 2, area.name, cell)
            sheet.write_number(line, 3, f.households, cell)
            sheet.write_number(line, 4, f.persons, cell)
            # Money to the fen is exact in a float of this size; the cells stay numbers people can sum.
            sheet.write_number(line, 5, float(f.cash), money)
            sheet.write_number(line, 6, float(f.goods), money)
            sheet.write_number(line, 7, float(f.value), money)
            sheet.write_number(line, 8, f.delivered, cell)
            line += 1
    t = found.total
    sheet.write_string(line, 0, _("Total"), head)
    for col, number in ((3, t.households), (4, t.persons), (8, t.delivered)):
        sheet.write_number(line, col, number, cell)
    for col, amount in ((5, t.cash), (6, t.goods), (7, t.value)):
        sheet.write_number(line, col, float(amount), money)
    workbook.close()
    return buffer.getvalue()
