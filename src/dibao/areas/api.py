"""Areas: the ones a user may see (their own and everything below), and creating them (admins)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.roles import AREA_MANAGERS

from . import selectors, services
from .models import Area, Level
from .staff import staff

NO_SUCH_PARENT = _("There is no area with this code in your area.")


class AreaOutput(serializers.ModelSerializer):
    # `parent` is also an attribute of every DRF field, which the type stubs see.
    parent: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True
    )

    class Meta:
        model = Area
        fields = ["code", "name", "level", "parent"]
        read_only_fields = fields


class AreaListQuery(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)


class AreaInput(StrictInput):
    code = serializers.CharField(help_text="6 digits for a county (GB/T 2260), 12 below it.")
    name = serializers.CharField(allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices)
    parent = serializers.CharField(  # type: ignore[assignment]
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="The parent area's code; none for a county.",
    )


class AreaViewSet(StaffViewSet):
    """The caller's area and every area below it. Administrators create areas."""

    queryset = Area.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may_write(AREA_MANAGERS)]
    lookup_field = "code"
    lookup_value_converter = "str"

    @extend_schema(parameters=[AreaListQuery], responses=AreaOutput(many=True))
    def list(self, request: Request) -> Response:
        query = validated(AreaListQuery, request.query_params)
        areas = selectors.visible_areas(staff(request))
        if query.get("level"):
            areas = areas.filter(level=query["level"])
        page = self.paginate_queryset(areas)
        return self.get_paginated_response(AreaOutput(page, many=True).data)

    @extend_schema(responses=AreaOutput)
    def retrieve(self, request: Request, code: str) -> Response:
        return Response(AreaOutput(selectors.area_for(staff(request), code)).data)

    @extend_schema(request=AreaInput, responses={201: AreaOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(AreaInput, request.data)
        parent_code = data.get("parent")
        parent = (
            resolve("parent", lambda: selectors.area_for(user, parent_code), NO_SUCH_PARENT)
            if parent_code
            else None
        )
        area = services.area_create(
            code=data["code"], name=data["name"], level=data["level"], parent=parent, actor=user
        )
        return Response(AreaOutput(area).data, status=status.HTTP_201_CREATED)
