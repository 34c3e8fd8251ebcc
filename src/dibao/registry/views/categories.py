"""The county's household categories (人员类别): the list with how many households hold each, and
a new one added. The county's officers keep it."""

from typing import cast

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.roles import Role

from ..models import HouseholdCategory
from ..services import household_category_create


class CategoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("category name"), max_length=60)


@page(roles={Role.COUNTY})
def category_list(request: StaffRequest) -> HttpResponse:
    county = county_of(cast(Area, request.user.area))
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = household_category_create(
                county=county, name=form.cleaned_data["name"], actor=request.user
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("The category '%(name)s' is added.") % {"name": made.name})
            return redirect("registry:household-categories")
    categories = (
        HouseholdCategory.objects.filter(county=county).annotate(held=Count("households")).order_by("name")
    )
    return render(
        request,
        "registry/categories.html",
        {"county": county, "categories": categories, "form": form, "section": "households"},
    )
