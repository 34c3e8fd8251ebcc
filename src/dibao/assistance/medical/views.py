"""医疗救助 pages: the claims of the user's area, a claim (quoted before it is saved), its page
with the explanation line by line, its decision; the one-stop settlement upload (a job), its
result and its disputed rows as a workbook.

Scoping is the selectors': a claim or settlement file outside the user's area answers 404."""

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.downloads import XLSX, download_name, file_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.months import parse_date
from dibao.core.page_access import page
from dibao.core.roles import REVIEW_APPROVERS, REVIEW_WORKERS, Role
from dibao.core.sheets.reader import read_upload
from dibao.policy.engine.explanation import Line
from dibao.policy.engine.explanation import render as render_lines

from ..models import ClaimState, SettlementOutcome
from . import selectors
from .export import disputed_xlsx
from .forms import ClaimFilterForm, ClaimForm, DecisionForm, SettlementUploadForm, category_label
from .inputs import DecisionData
from .jobs import settlement_import_start
from .quote import parse_cost, parse_kind, quote
from .services import claim_decide, claim_record

READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
SETTLEMENT_READERS = frozenset({Role.COUNTY, Role.AUDITOR})
PER_PAGE = 25
SHOWN_ROWS = 500


@page(roles=READERS)
def claim_list(request: StaffRequest) -> HttpResponse:
    form = ClaimFilterForm(request.GET or None)
    form.is_valid()  # a wrong choice is dropped, the other filters apply
    data = getattr(form, "cleaned_data", {})
    filters = selectors.ClaimFilters(
        state=data.get("state") or "",
        category=data.get("category") or "",
        kind=data.get("kind") or "",
        month=data.get("month"),
    )
    claims = Paginator(selectors.claim_list(request.user, filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for claim in claims:
        claim.category_label = category_label(claim.category)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assistance/medical/claim_list.html",
        {
            "form": form,
            "claims": claims,
            "query": query.urlencode(),
            "may_record": request.user.role in REVIEW_WORKERS,
        },
    )


def _quoted(request: StaffRequest, form: ClaimForm) -> dict[str, Any] | None:
    """The rules' answer for what the form holds, without saving; errors go on the form."""
    data = form.values()
    try:
        person = selectors.person_in_area(request.user, data.get("id_number"))
        day = parse_date(data.get("admitted_on"), "admitted_on")
        if day is None:
            raise DomainError(_("This field is required."), field="admitted_on")
        kind = parse_kind(data.get("kind"))
        cost = parse_cost(data.get("in_policy_cost"), "in_policy_cost")
    except DomainError as exc:
        show_domain_errors(exc, form)
        return None
    result = quote(person=person, day=day, kind=kind, cost=cost, illness=bool(data.get("illness")))
    return {
        "person": person,
        "result": result,
        "category": category_label(result.category),
        "lines": render_lines(result.lines),
    }


@page(roles=REVIEW_WORKERS)
def claim_create(request: StaffRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None, initial={"kind": "inpatient"})
    quoted = None
    if request.method == "POST" and form.is_valid():
        quoted = _quoted(request, form)
        if quoted is not None and request.POST.get("save"):
            try:
                claim = claim_record(data=form.values(), actor=cast(User, request.user))
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(
                    request, _("Claim recorded: %(amount)s yuan by the rules.") % {"amount": claim.amount}
                )
                return redirect("assistance:medical-claim", pk=claim.pk)
    return render(request, "assistance/medical/claim_form.html", {"form": form, "quoted": quoted})


@page(roles=READERS)
def claim_detail(request: StaffRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    decidable = claim.state == ClaimState.RECORDED and request.user.role in REVIEW_APPROVERS
    return render(
        request,
        "assistance/medical/claim_detail.html",
        {
            "claim": claim,
            "category": category_label(claim.category),
            "lines": render_lines([Line.from_json(item) for item in claim.explanation or []]),
            "form": DecisionForm(initial={"approve": "approve"}) if decidable and claim.eligible else None,
            "decidable": decidable,
        },
    )


def decision_data(form: DecisionForm) -> DecisionData:
    """The form's values with the decision read strictly: nothing chosen is an error."""
    data = form.values()
    choice = data.get("approve")
    if choice not in ("approve", "refuse"):
        raise DomainError(_("Approve or refuse."), field="approve")
    return {**data, "approve": choice == "approve"}


@page(roles=REVIEW_APPROVERS)
def claim_decide_page(request: StaffRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(request.user, pk)
    form = DecisionForm(request.POST or None, initial={"approve": "approve"})
    if request.method == "POST" and form.is_valid():
        try:
            decided = claim_decide(claim=claim, data=decision_data(form), actor=cast(User, request.user))
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            if decided.state == ClaimState.DECIDED:
                messages.success(
                    request, _("Approved: %(amount)s yuan.") % {"amount": decided.decided_amount}
                )
            else:
                messages.success(request, _("The claim was refused."))
            return redirect("assistance:medical-claim", pk=decided.pk)
    return render(
        request,
        "assistance/medical/claim_detail.html",
        {
            "claim": claim,
            "category": category_label(claim.category),
            "lines": render_lines([Line.from_json(item) for item in claim.explanation or []]),
            "form": form,
            "decidable": claim.state == ClaimState.RECORDED,
        },
    )


@page(roles=SETTLEMENT_READERS)
def settlement_list(request: StaffRequest) -> HttpResponse:
    form = None
    if request.user.role == Role.COUNTY:
        form = SettlementUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            county = county_of(cast(Area, request.user.area))
            uploaded = form.cleaned_data["file"]
            try:
                job = settlement_import_start(
                    county=county,
                    month=form.cleaned_data["month"],
                    file_name=uploaded.name,
                    content=read_upload(uploaded),
                    actor=cast(User, request.user),
                )
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                return redirect("jobs:detail", job_id=job.pk)
    elif request.method == "POST":
        return HttpResponse(status=405)
    found = Paginator(selectors.visible_settlements(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assistance/medical/settlement_list.html", {"form": form, "settlements": found})


OUTCOME_FILTERS = [
    ("", gettext_lazy("All disputed")),
    (SettlementOutcome.AMOUNT, gettext_lazy("By amount")),
    (SettlementOutcome.STATUS, gettext_lazy("By status")),
    (SettlementOutcome.UNKNOWN, gettext_lazy("Unknown person")),
]


@page(roles=SETTLEMENT_READERS)
def settlement_detail(request: StaffRequest, pk: int) -> HttpResponse:
    record = selectors.settlement_get(request.user, pk)
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in selectors.DISPUTES else ""
    rows = list(selectors.disputed_rows(record, outcome)[: SHOWN_ROWS + 1])
    return render(
        request,
        "assistance/medical/settlement_detail.html",
        {
            "record": record,
            "rows": rows[:SHOWN_ROWS],
            "more": len(rows) > SHOWN_ROWS,
            "outcome": outcome,
            "outcomes": [(value, str(label)) for value, label in OUTCOME_FILTERS],
        },
    )


@page(roles=SETTLEMENT_READERS)
def settlement_disputed_xlsx(request: StaffRequest, pk: int) -> HttpResponseBase:
    record = selectors.settlement_get(request.user, pk)
    name = download_name(f"医疗救助结算争议（{record.pk}）", record.county.name, record.month, "xlsx")
    return file_response(disputed_xlsx(record), name, XLSX)
