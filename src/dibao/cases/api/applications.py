"""Applications: list and filter, create, read with the whole case file, what is due; the steps
(`steps`) and the records kept between them (`records`) are mixed in."""

from typing import cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.api.references import resolve
from dibao.core.api.views import validated
from dibao.core.scoping import within_area
from dibao.registry.selectors import household_get

from .. import selectors, services
from .inputs import ApplicationCreateInput, ApplicationListQuery, DueQuery
from .outputs import ApplicationDetailOutput, ApplicationOutput, DueOutput
from .records import RecordActions
from .steps import StepActions

NO_SUCH_AREA = _("There is no area with this code in your area.")
NO_SUCH_HOUSEHOLD = _("There is no household with this id in your area.")


class ApplicationViewSet(StepActions, RecordActions):
    """Applications of the caller's area, from request to decision (see `cases.workflow`)."""

    @extend_schema(parameters=[ApplicationListQuery], responses=ApplicationOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(ApplicationListQuery, request.query_params)
        applications = selectors.visible_applications(user)
        if query.get("program"):
            applications = applications.filter(program_id=query["program"])
        if query.get("state"):
            applications = applications.filter(state=query["state"])
        if query.get("kind"):
            applications = applications.filter(kind=query["kind"])
        if query.get("household"):
            applications = applications.filter(household_id=query["household"])
        if query.get("community"):
            area = resolve("community", lambda: area_for(user, query["community"]), NO_SUCH_AREA)
            applications = within_area(applications, area)
        if query.get("due"):
            # The same cases as `due/` and `dibao cases-due`, by the one definition of "due".
            found = selectors.due_cases(cast(Area, user.area), soon=services.due_soon_limit())[query["due"]]
            applications = applications.filter(pk__in=[a.pk for a in found]).order_by("due_on", "id")
        page = self.paginate_queryset(applications)
        return self.get_paginated_response(ApplicationOutput(page, many=True).data)

    @extend_schema(responses=ApplicationDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self.detail_of(request, pk))

    @extend_schema(request=ApplicationCreateInput, responses={201: ApplicationDetailOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(ApplicationCreateInput, request.data)
        household_id = data.pop("household")
        household = resolve("household", lambda: household_get(user, household_id), NO_SUCH_HOUSEHOLD)
        application = services.application_create(household=household, data=data, actor=user)
        return Response(self.detail_of(request, application.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[DueQuery],
        responses=DueOutput,
        summary="Open applications overdue or due within five working days (as `dibao cases-due`)",
    )
    @action(detail=False, methods=["get"], url_path="due")
    def due(self, request: Request) -> Response:
        user = staff(request)
        query = validated(DueQuery, request.query_params)
        area = cast(Area, user.area)  # `StaffWithArea` lets no user without an area in
        if query.get("area"):
            area = resolve("area", lambda: area_for(user, query["area"]), NO_SUCH_AREA)
        return Response(DueOutput(selectors.due_cases(area, soon=services.due_soon_limit())).data)
