"""Reviews and reported changes (动态管理) over the API: the same reads and the same services as
the pages, so an outcome the page refuses is refused here too.

Reads start from `reviews.selectors` (the caller's area); every write goes through
`reviews.services`, which check the role and the area again. Recording, approving, returning
and cancelling are taken against the version the client read: a stale one is a 409 Conflict
(code `stale`), as for applications (cases.api.versions). Registered in config/api_urls.py.
"""

from typing import Any, cast

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.cases.api.versions import stale_is_conflict
from dibao.core.api.fields import IdField, MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.renderers import PdfRenderer, RefusalStaysJson
from dibao.core.api.schema import CONFLICT
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.downloads import pdf_response
from dibao.core.roles import REVIEW_WORKERS
from dibao.policy.api.common import StaffAPIView
from dibao.policy.api.program_fields import program_filter
from dibao.registry.selectors import household_get

from .. import selectors, services
from ..models import Review, ReviewKind
from ..views import READERS
from .outputs import (
    ReviewDetailOutput,
    ReviewDueOutput,
    ReviewOutput,
    change_kind_field,
    due_report,
    head_names,
    kind_field,
    outcome_field,
    state_field,
    stop_reason_field,
)

NO_SUCH_AREA = _("There is no area with this code in your area.")
NO_SUCH_HOUSEHOLD = _("There is no household with this id in your area.")
ERRORS = (
    "400: the input is wrong, or the review is not in a state for this (code `state`); 403: your role "
    "may not do this; 404: no such review in your area; 409: the review changed since the version you "
    "sent (code `stale`)."
)


# Inputs


class ReviewListQuery(serializers.Serializer):
    program = program_filter()
    state = state_field(required=False, allow_blank=True)
    kind = kind_field(required=False, allow_blank=True)
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="The code of a community or street in your area."
    )
    household = IdField(required=False, help_text="A household's id.")


class ReviewOpenInput(StrictInput):
    household = IdField(help_text="The id of a household in your area.")
    kind = NamedChoiceField(
        [(k.value, k.label) for k in (ReviewKind.CHANGE, ReviewKind.SCHEDULED)],
        enum_name="ReviewOpenKindEnum",
        help_text="`change`: a change the household reported (what, when, evidence); "
        "`scheduled`: a review due by the management class. Annual reviews are opened by campaigns.",
    )
    change_kind = change_kind_field(required=False, allow_blank=True, help_text="For a change: what changed.")
    occurred_on = serializers.DateField(
        required=False, allow_null=True, help_text="For a change: the day it happened (not in the future)."
    )
    description = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.FileField(
        required=False, allow_null=True, help_text="The evidence brought; send multipart/form-data."
    )


class ReviewVersionInput(StrictInput):
    version = serializers.IntegerField(min_value=1, help_text="The review's version you saw (`version`).")


class ReviewRecordInput(ReviewVersionInput):
    checked_income = serializers.BooleanField(required=False, default=False)
    checked_assets = serializers.BooleanField(required=False, default=False)
    checked_members = serializers.BooleanField(required=False, default=False)
    visited_on = serializers.DateField(required=False, allow_null=True, help_text="The home visit's day.")
    findings = serializers.CharField(required=False, allow_blank=True)
    outcome = outcome_field(
        help_text="It must agree with the assessment re-run for the month of `effective_on`."
    )
    effective_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Today when not given. A raise or a lower applies from the first of its month.",
    )
    stop_reason = stop_reason_field(
        required=False, allow_blank=True, help_text="Suspend, terminate, gradual exit: the reason."
    )
    reason_text = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Suspend, terminate: the written reasons, printed on the notice.",
    )
    exit_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Gradual exit: months still paid."
    )
    overpaid_from = MonthField(
        required=False,
        allow_blank=True,
        help_text="YYYY-MM. A termination for false statements: paid since this month is to be recovered.",
    )


class ReviewNoteInput(ReviewVersionInput):
    note = serializers.CharField(required=False, allow_blank=True)


class ReviewCancelInput(ReviewVersionInput):
    note = serializers.CharField(help_text="Why the review is cancelled.")


class ReviewDueQuery(serializers.Serializer):
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="An area's code; your own area when not given."
    )
    days = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=366,
        default=selectors.DUE_SOON_DAYS,
        help_text="Due on or before today + days (30 when not given).",
    )


# Views


class ReviewViewSet(RefusalStaysJson, StaffViewSet):
    """Reviews of receiving and suspended households (scheduled, annual, or a change the household
    reported), from opening to a decided outcome and its notice."""

    queryset = Review.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may(READERS), roles_may_write(REVIEW_WORKERS)]

    def get_parsers(self) -> list[Any]:
        # Opening a review may bring a file; every other write is JSON. (The parsers are chosen
        # before `self.action` is set, so the action is read from the method here.)
        request = getattr(self, "request", None)
        method = request.method.lower() if request is not None and request.method else ""
        if (getattr(self, "action_map", None) or {}).get(method) == "create":
            return [MultiPartParser(), FormParser(), JSONParser()]
        return super().get_parsers()

    def _detail(self, request: Request, pk: int) -> dict[str, Any]:
        user = staff(request)
        return ReviewDetailOutput(selectors.review_get(user, pk), context={"user": user}).data

    @extend_schema(parameters=[ReviewListQuery], responses=ReviewOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(ReviewListQuery, request.query_params)
        area = None
        if query.get("area"):
            area = resolve("area", lambda: area_for(user, query["area"]), NO_SUCH_AREA)
        reviews = selectors.visible_reviews(user, area)
        if query.get("program"):
            reviews = reviews.filter(program_id=query["program"])
        if query.get("state"):
            reviews = reviews.filter(state=query["state"])
        if query.get("kind"):
            reviews = reviews.filter(kind=query["kind"])
        if query.get("household"):
            reviews = reviews.filter(household_id=query["household"])
        page = self.paginate_queryset(head_names(reviews.order_by("due_on", "id")))
        return self.get_paginated_response(ReviewOutput(page, many=True).data)

    @extend_schema(responses=ReviewDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self._detail(request, pk))

    @extend_schema(
        request={"multipart/form-data": ReviewOpenInput, "application/json": ReviewOpenInput},
        responses={201: ReviewDetailOutput},
        summary="Open a review of a household, or a change it reported (with its evidence)",
        description="400 with code `exists` when the household already has an open review.",
    )
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(ReviewOpenInput, request.data)
        household = resolve("household", lambda: household_get(user, data["household"]), NO_SUCH_HOUSEHOLD)
        review = services.review_open(
            household=household,
            actor=user,
            kind=data["kind"],
            change_kind=data.get("change_kind") or "",
            occurred_on=data.get("occurred_on"),
            description=data.get("description") or "",
            evidence=data.get("evidence"),
        )
        return Response(self._detail(request, review.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReviewRecordInput,
        responses={200: ReviewDetailOutput, 409: CONFLICT},
        summary="Record what was checked and the outcome; applied at once unless it needs approval",
        description="A raise or a lower above the county's threshold, a suspension, a termination and a "
        "gradual exit recorded by a community wait for the street's approval (state `proposed`). " + ERRORS,
    )
    @action(detail=True, methods=["post"], url_path="record")
    def record(self, request: Request, pk: int) -> Response:
        user = staff(request)
        review = selectors.review_get(user, pk)
        data = validated(ReviewRecordInput, request.data)
        version = data.pop("version")
        with stale_is_conflict():
            services.review_record(review=review, data=data, actor=user, version=version)
        return Response(self._detail(request, pk))

    @extend_schema(
        request=ReviewVersionInput,
        responses={200: ReviewDetailOutput, 409: CONFLICT},
        summary="Approve a proposed outcome (street or county): it takes effect",
        description=ERRORS,
    )
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request: Request, pk: int) -> Response:
        user = staff(request)
        review = selectors.review_get(user, pk)
        data = validated(ReviewVersionInput, request.data)
        with stale_is_conflict():
            services.review_approve(review=review, actor=user, version=data["version"])
        return Response(self._detail(request, pk))

    @extend_schema(
        request=ReviewNoteInput,
        responses={200: ReviewDetailOutput, 409: CONFLICT},
        summary="Return a proposed outcome to be recorded again, with a note (street or county)",
        description=ERRORS,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: int) -> Response:
        user = staff(request)
        review = selectors.review_get(user, pk)
        data = validated(ReviewNoteInput, request.data)
        with stale_is_conflict():
            services.review_return(
                review=review, actor=user, note=data.get("note") or "", version=data["version"]
            )
        return Response(self._detail(request, pk))

    @extend_schema(
        request=ReviewCancelInput,
        responses={200: ReviewDetailOutput, 409: CONFLICT},
        summary="Cancel an open review (opened by mistake, or twice), saying why",
        description=ERRORS,
    )
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request: Request, pk: int) -> Response:
        user = staff(request)
        review = selectors.review_get(user, pk)
        data = validated(ReviewCancelInput, request.data)
        with stale_is_conflict():
            services.review_cancel(review=review, actor=user, note=data["note"], version=data["version"])
        return Response(self._detail(request, pk))

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="The notice to the household (告知书) of a decided lower, suspension, termination or "
        "gradual exit, as PDF",
        description="400 (code `state`) when the review has no notice.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="notice",
        renderer_classes=[JSONRenderer, PdfRenderer],
    )
    def notice(self, request: Request, pk: int) -> HttpResponse:
        from ..printing import notice_filename, notice_pdf  # WeasyPrint is loaded when a notice is printed

        review = selectors.review_get(staff(request), pk)
        return pdf_response(notice_pdf(review), notice_filename(review))


class ReviewsDueView(StaffAPIView):
    """Receiving households whose next review (by their management class) is overdue or falls within
    the horizon, the most overdue first, with whether a review is already open — as
    `dibao reviews-due`."""

    permission_classes = [StaffWithArea, roles_may(READERS)]

    @extend_schema(
        parameters=[ReviewDueQuery],
        responses=ReviewDueOutput,
        summary="Households due or overdue for review",
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        query = validated(ReviewDueQuery, request.query_params)
        area = cast(Area, user.area)  # `StaffWithArea` lets no user without an area in
        if query.get("area"):
            area = resolve("area", lambda: area_for(user, query["area"]), NO_SUCH_AREA)
        today = timezone.localdate()
        due = selectors.reviews_due(user, area, today=today, horizon_days=query["days"])
        return Response(ReviewDueOutput(due_report(due, area, today, query["days"])).data)
