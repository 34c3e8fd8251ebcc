"""The county's care homes on a page: the list, and a form to add or change one (the county)."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.roles import POLICY_EDITORS, POLICY_READERS
from dibao.core.service_forms import ServiceForm, field_label

from . import services
from .models import CareHome
from .selectors import care_home_get, visible_care_homes


class CareHomeForm(ServiceForm[services.CareHomeData]):
    required_inputs = ("name", "bank_name", "bank_account")

    name = forms.CharField(label=field_label(CareHome, "name"), max_length=100)
    bank_name = forms.CharField(label=field_label(CareHome, "bank_name"), max_length=60)
    bank_account = forms.CharField(
        label=field_label(CareHome, "bank_account"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    active = forms.BooleanField(
        label=field_label(CareHome, "active"), help_text=gettext_lazy("Offered on new applications.")
    )


@page(roles=POLICY_READERS)
def care_home_list(request: StaffRequest) -> HttpResponse:
    homes = visible_care_homes(request.user).order_by("-active", "name")
    return render(request, "benefits/care_homes.html", {"homes": homes})


def _form_page(request: StaffRequest, home: CareHome | None) -> HttpResponse:
    initial: dict[str, Any] = {"active": True}
    if home is not None:
        initial = {f: getattr(home, f) for f in ("name", "bank_name", "bank_account", "active")}
    form = CareHomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if home is None:
                county = cast(Area, request.user.area)
                services.care_home_add(county=county, data=form.values(), actor=request.user)
            else:
                services.care_home_update(home=home, data=form.values(), actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("The care home is saved."))
            return redirect("benefits:care-home-list")
    return render(request, "benefits/care_home_form.html", {"form": form, "home": home})


@page(roles=POLICY_EDITORS)
def care_home_add(request: StaffRequest) -> HttpResponse:
    return _form_page(request, None)


@page(roles=POLICY_EDITORS)
def care_home_edit(request: StaffRequest, pk: int) -> HttpResponse:
    return _form_page(request, care_home_get(request.user, pk))
