"""The county's household categories (人员类别): the list with how many households hold each, a new
one added, one renamed (every household keeps it) or deleted (its households moved to another in
the same step; refused, with their number, when they are not). The county's officers keep it."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet
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
from ..services import household_category_create, household_category_delete, household_category_rename


class CategoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("category name"), max_length=60)


class RenameForm(forms.Form):
    prefix = "rename"
    category = forms.ModelChoiceField(
        label=gettext_lazy("Household category"), queryset=HouseholdCategory.objects.none()
    )
    name = forms.CharField(label=gettext_lazy("New name"), max_length=60)

    def __init__(self, *args: Any, categories: QuerySet[HouseholdCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = categories


class DeleteForm(forms.Form):
    prefix = "delete"
    category = forms.ModelChoiceField(
        label=gettext_lazy("Household category"), queryset=HouseholdCategory.objects.none()
    )
    move_to = forms.ModelChoiceField(
        label=gettext_lazy("Move its households to"),
        queryset=HouseholdCategory.objects.none(),
        required=False,
        help_text=gettext_lazy("Needed when households hold the category."),
    )

    def __init__(self, *args: Any, categories: QuerySet[HouseholdCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = categories
        cast(forms.ModelChoiceField, self.fields["move_to"]).queryset = categories


@page(roles={Role.COUNTY})
def category_list(request: StaffRequest) -> HttpResponse:
    county = county_of(cast(Area, request.user.area))
    ours = HouseholdCategory.objects.filter(county=county).order_by("name")
    action = request.POST.get("action", "add") if request.method == "POST" else None
    form = CategoryForm(request.POST if action == "add" else None)
    rename = RenameForm(request.POST if action == "rename" else None, categories=ours)
    delete = DeleteForm(request.POST if action == "delete" else None, categories=ours)
    if action == "add" and form.is_valid():
        try:
            made = household_category_create(
                county=county, name=form.cleaned_data["name"], actor=request.user
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("The category '%(name)s' is added.") % {"name": made.name})
            return redirect("registry:household-categories")
    if action == "rename" and rename.is_valid():
        old = rename.cleaned_data["category"].name
        try:
            renamed = household_category_rename(
                category=rename.cleaned_data["category"], name=rename.cleaned_data["name"], actor=request.user
            )
        except DomainError as exc:
            show_domain_errors(exc, rename)
        else:
            messages.success(
                request,
                _("The category '%(old)s' is now '%(new)s'.") % {"old": old, "new": renamed.name},
            )
            return redirect("registry:household-categories")
    if action == "delete" and delete.is_valid():
        gone, other = delete.cleaned_data["category"], delete.cleaned_data["move_to"]
        try:
            moved = household_category_delete(category=gone, move_to=other, actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, delete)
        else:
            done = _("The category '%(name)s' is deleted.") % {"name": gone.name}
            if moved:
                done += " " + _("%(n)d households now hold '%(other)s'.") % {"n": moved, "other": other.name}
            messages.success(request, done)
            return redirect("registry:household-categories")
    categories = ours.annotate(held=Count("households"))
    return render(
        request,
        "registry/categories.html",
        {
            "county": county,
            "categories": categories,
            "form": form,
            "rename": rename,
            "delete": delete,
            "section": "households",
        },
    )
