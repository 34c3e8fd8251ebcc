"""The county sets policy: a new rules version, posted to one service call whose messages go beside
the inputs. (Setting a standard opens a recalculation, so its page is benefits'.)"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.months import next_month
from dibao.core.page_access import page
from dibao.core.roles import POLICY_EDITORS

from ..forms import RulesForm
from ..selectors import in_force
from ..services import rules_set, rules_values
from .in_force import own_area


def in_force_url(area: Area, month: object) -> str:
    return f"{reverse('policy:in-force')}?{urlencode({'area': area.code, 'month': f'{month:%Y-%m}'})}"


def asked_area(request: StaffRequest) -> Area:
    """The area the link came from (`?area=`), else the user's own."""
    return area_for(request.user, request.GET.get("area") or own_area(request).code)


@page(roles=POLICY_EDITORS)
def rules_new(request: StaffRequest) -> HttpResponse:
    user = request.user
    area = asked_area(request)
    start = next_month()
    # The form starts from what will be in force next month, so only the changes need typing.
    initial = RulesForm.initial_of(rules_values(in_force(area, start).context.rules))
    initial.update({"area": area.code, "valid_from": f"{start:%Y-%m}"})
    form = RulesForm(request.POST or None, areas=visible_areas(user), initial=initial)
    if request.method == "POST" and form.is_valid():
        area = area_for(user, form.cleaned_data["area"])
        try:
            rules = rules_set(area=area, data=form.values(*RulesForm.SERVICE_INPUTS), actor=user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(
                request,
                _("New rules of %(area)s from %(month)s saved.")
                % {"area": area.name, "month": f"{rules.valid_from:%Y-%m}"},
            )
            return redirect(in_force_url(area, rules.valid_from))
    return render(request, "policy/rules_form.html", {"form": form, "area": area, "start": start})
