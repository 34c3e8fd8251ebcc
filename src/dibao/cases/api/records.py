"""What is recorded on an application between steps: the extended deadline, materials, home
investigations and economic-check results."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.views import validated
from dibao.core.errors import DomainError, NotFound

from .. import selectors, services
from ..models import OPEN_STATES, SpotCheck
from .base import ApplicationBase
from .inputs import ExtendInput, InvestigationInput, MaterialInput, SpotCheckInput, VerificationInput
from .outputs import (
    ApplicationDetailOutput,
    InvestigationOutput,
    MaterialOutput,
    SpotCheckOutput,
    VerificationOutput,
)


class RecordActions(ApplicationBase):
    @extend_schema(
        request=ExtendInput,
        responses=ApplicationDetailOutput,
        summary="Extend the decision deadline, once, with a reason (street or county)",
    )
    @action(detail=True, methods=["post"], url_path="extend")
    def extend(self, request: Request, pk: int) -> Response:
        user = staff(request)
        application = selectors.application_get(user, pk)
        data = validated(ExtendInput, request.data)
        services.deadline_extend(application=application, reason=data["reason"], actor=user)
        return Response(self.detail_of(request, pk))

    @extend_schema(
        request={"multipart/form-data": MaterialInput, "application/json": MaterialInput},
        responses={201: MaterialOutput},
        summary="Add a material: an uploaded file, or one seen on paper",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="materials",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def materials(self, request: Request, pk: int) -> Response:
        user = staff(request)
        application = selectors.application_get(user, pk)
        data = validated(MaterialInput, request.data)
        # The service stores the file before it finds the case closed, and its refusal would leave
        # the file behind; asking first keeps the storage clean (as the page does).
        if application.state not in OPEN_STATES:
            raise DomainError(_("The application is closed."))
        material = services.material_add(
            application=application,
            kind=data["kind"],
            file=data.get("file"),
            seen_on_paper=data["seen_on_paper"],
            note=data.get("note", ""),
            actor=user,
        )
        return Response(MaterialOutput(material).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InvestigationInput,
        responses={201: InvestigationOutput},
        summary="Record a home investigation (at least two investigators)",
    )
    @action(detail=True, methods=["post"], url_path="investigations")
    def investigations(self, request: Request, pk: int) -> Response:
        user = staff(request)
        application = selectors.application_get(user, pk)
        data = validated(InvestigationInput, request.data)
        investigation = services.investigation_record(application=application, data=data, actor=user)
        return Response(InvestigationOutput(investigation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=VerificationInput,
        responses={201: VerificationOutput},
        summary="Record a result of the economic check",
    )
    @action(detail=True, methods=["post"], url_path="verifications")
    def verifications(self, request: Request, pk: int) -> Response:
        user = staff(request)
        application = selectors.application_get(user, pk)
        data = validated(VerificationInput, request.data)
        verification = services.verification_add(application=application, data=data, actor=user)
        return Response(VerificationOutput(verification).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=SpotCheckOutput,
        summary="The county's spot check of a 特困 case (404 when none is recorded)",
    )
    @extend_schema(
        methods=["POST"],
        request=SpotCheckInput,
        responses={201: SpotCheckOutput},
        summary="Record the county's spot check of a 特困 case at its decision (county)",
    )
    @action(detail=True, methods=["get", "post"], url_path="spot-check")
    def spot_check(self, request: Request, pk: int) -> Response:
        user = staff(request)
        application = selectors.application_get(user, pk)
        if request.method == "GET":
            check = SpotCheck.objects.filter(application=application).first()
            if check is None:
                raise NotFound()
            return Response(SpotCheckOutput(check).data)
        data = validated(SpotCheckInput, request.data)
        check = services.spot_check_record(application=application, data=data, actor=user)
        return Response(SpotCheckOutput(check).data, status=status.HTTP_201_CREATED)
