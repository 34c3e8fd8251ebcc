"""The programs beside 低保 as an area runs them: the catalogue in a month, one program's terms
with the versions that reach the area, and a new version of an area's terms (policy editors)."""

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.errors import DomainError, NotFound
from dibao.core.form_errors import show_domain_errors
from dibao.core.months import next_month
from dibao.core.page_access import page
from dibao.core.roles import POLICY_EDITORS, POLICY_READERS

from ..forms import ProgramTermsForm
from ..programs import codes
from ..programs.in_force import ProgramInForce, display_name, program_in_force, programs_in_force
from ..programs.terms import Term, terms_of
from ..selectors import program_by_code, visible_program_rules
from ..services import program_rules_set
from .editing import asked_area
from .in_force import chosen_area_and_month, lineage_codes


def program_url(code: str, area: Area, month: datetime.date) -> str:
    query = urlencode({"area": area.code, "month": f"{month:%Y-%m}"})
    return f"{reverse('policy:program', args=[code])}?{query}"


def _found(area: Area, month: datetime.date, code: str) -> ProgramInForce:
    found = program_in_force(area, month, code)
    if found is None:
        raise NotFound(_("No such program."))
    return found


def term_rows(code: str, values: dict[str, Any]) -> list[tuple[Term, list[tuple[str, str]]]]:
    """Each term with its value as parts to show (a label and a value each), in the program's order."""
    return [(term, shown(term, values.get(term.name, term.default))) for term in terms_of(code)]


def shown(term: Term, value: Any) -> list[tuple[str, str]]:
    if term.shape == "flag":
        return [("", _("yes") if value else _("no"))]
    if term.shape == "choice":
        return [("", str(dict(term.keys).get(value, value)))]
    if term.shape == "by_key":
        return [(str(label), str((value or {}).get(key, ""))) for key, label in term.keys]
    if term.shape == "bands":
        return [(_("from %(age)s years") % {"age": band["from_age"]}, str(band["amount"])) for band in value]
    if term.shape == "by_year":
        return [(str(year), str(amount)) for year, amount in sorted((value or {}).items())]
    return [("", str(value))]


@page(roles=POLICY_READERS)
def program_list(request: StaffRequest) -> HttpResponse:
    form, area, month = chosen_area_and_month(request)
    return render(
        request,
        "policy/programs.html",
        {"form": form, "area": area, "month": month, "programs": programs_in_force(area, month)},
    )


@page(roles=POLICY_READERS)
def program_detail(request: StaffRequest, code: str) -> HttpResponse:
    program_by_code(code)  # an unknown code is not found
    form, area, month = chosen_area_and_month(request)
    found = _found(area, month, code)
    versions = (
        visible_program_rules(request.user)
        .filter(program__code=code, area__code__in=lineage_codes(area))
        .order_by("-valid_from", "-id")
    )
    context = {
        "form": form,
        "area": area,
        "month": month,
        "found": found,
        "terms": term_rows(code, found.terms),
        "dibao": code == codes.DIBAO,
        "versions": [(version, term_rows(code, version.terms)) for version in versions],
    }
    return render(request, "policy/program.html", context)


@page(roles=POLICY_EDITORS)
def program_terms_new(request: StaffRequest, code: str) -> HttpResponse:
    user = request.user
    program = program_by_code(code)
    area = asked_area(request)
    if code == codes.DIBAO:
        # 低保's terms are its standards and rules, each with its own page.
        return redirect(f"{reverse('policy:in-force')}?{urlencode({'area': area.code})}")
    start = next_month()
    found = _found(area, start, code)
    initial = {
        "area": area.code,
        "valid_from": f"{start:%Y-%m}",
        "enabled": found.enabled,
        "local_name": found.name if found.name != display_name(found.program) else "",
    }
    form = ProgramTermsForm(
        request.POST or None, code=code, in_force=found.terms, areas=visible_areas(user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        area = area_for(user, form.cleaned_data["area"])
        try:
            row = program_rules_set(area=area, program=program, data=form.values(), actor=user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(
                request,
                _("New terms of %(program)s for %(area)s from %(month)s saved.")
                % {"program": found.name, "area": area.name, "month": f"{row.valid_from:%Y-%m}"},
            )
            return redirect(program_url(code, area, row.valid_from))
    context = {"form": form, "area": area, "start": start, "found": found}
    return render(request, "policy/program_terms_form.html", context)
