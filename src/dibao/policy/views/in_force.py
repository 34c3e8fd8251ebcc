"""The policy in force for an area and a month, and the history of the versions that reach it."""

import datetime
from typing import Any, cast

from django.http import HttpResponse
from django.shortcuts import render

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.months import this_month
from dibao.core.page_access import page
from dibao.core.roles import POLICY_READERS
from dibao.registry.models import UrbanRural

from ..forms import AreaMonthForm
from ..selectors import in_force, visible_rules, visible_standards
from .rule_rows import rule_rows


def own_area(request: StaffRequest) -> Area:
    return cast(Area, request.user.area)  # `page` lets no user without an area through


def lineage_codes(area: Area) -> list[str]:
    """The area and those above it, whose policy applies to it (codes begin with their parent's)."""
    codes = [area.code, area.code[:6]]
    if len(area.code) == 12:
        codes.append(area.code[:9] + "000")
    return sorted(set(codes))


def chosen_area_and_month(
    request: StaffRequest,
) -> tuple[AreaMonthForm, Area, datetime.date]:
    """The area and month asked for; the user's own area and this month when not (or not valid)."""
    user = request.user
    own = own_area(request)
    data = {"area": own.code, "month": f"{this_month():%Y-%m}"}
    data.update({key: str(request.GET[key]) for key in data if request.GET.get(key)})
    form = AreaMonthForm(data, areas=visible_areas(user))
    form.is_valid()  # a wrong input is shown beside itself; the page shows the defaults meanwhile
    cleaned = getattr(form, "cleaned_data", {})
    area = area_for(user, cleaned["area"]) if cleaned.get("area") else own
    return form, area, cleaned.get("month") or this_month()


@page(roles=POLICY_READERS)
def policy_in_force(request: StaffRequest) -> HttpResponse:
    form, area, month = chosen_area_and_month(request)
    found = in_force(area, month).context
    codes = lineage_codes(area)
    standards = (
        visible_standards(request.user).filter(area__code__in=codes).order_by("-valid_from", "kind", "-id")
    )
    versions = visible_rules(request.user).filter(area__code__in=codes).order_by("-valid_from", "-id")
    context: dict[str, Any] = {
        "form": form,
        "area": area,
        "month": month,
        "standards": [(UrbanRural(kind).label, found.standards.get(kind)) for kind in UrbanRural.values],
        "rules": found.rules,
        "rules_area": found.rules_area,
        "rule_groups": rule_rows(found.rules),
        "standard_history": standards,
        "rules_history": [(version, rule_rows(version)) for version in versions],
    }
    return render(request, "policy/in_force.html", context)
