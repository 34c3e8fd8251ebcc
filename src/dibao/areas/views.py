"""The tree of areas with their household counts; the admin role adds and renames areas."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.roles import AREA_MANAGERS

from . import services
from .forms import AreaCreateForm, AreaRenameForm
from .models import Level
from .selectors import area_for, area_tree, visible_areas
from .staff import StaffRequest


@page()
def area_list(request: StaffRequest) -> HttpResponse:
    return render(request, "areas/area_list.html", {"nodes": area_tree(request.user)})


@page(roles=AREA_MANAGERS)
def area_create(request: StaffRequest) -> HttpResponse:
    parents = visible_areas(request.user).exclude(level=Level.COMMUNITY)
    form = AreaCreateForm(
        request.POST or None, parents=parents, initial={"parent": request.GET.get("parent")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area = services.area_create(
                code=data["code"] or "",
                name=data["name"] or "",
                level=data["level"],
                parent=area_for(request.user, data["parent"]),
                actor=request.user,
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(
                request, _("Area %(name)s (%(code)s) created.") % {"name": area.name, "code": area.code}
            )
            return redirect("areas:area-list")
    return render(request, "areas/area_form.html", {"form": form})


@page(roles=AREA_MANAGERS)
def area_rename(request: StaffRequest, code: str) -> HttpResponse:
    area = area_for(request.user, code)
    form = AreaRenameForm(request.POST or None, initial={"name": area.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.area_rename(area=area, name=form.cleaned_data["name"] or "", actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(
                request, _("Area %(code)s renamed to %(name)s.") % {"name": area.name, "code": area.code}
            )
            return redirect("areas:area-list")
    return render(request, "areas/area_rename.html", {"form": form, "area": area})
