"""Log-in for API clients: a token for username and password, and who the token belongs to."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from dibao.areas.models import Area
from dibao.core.api.permissions import StaffWithArea
from dibao.core.api.views import staff

from .models import User


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """`POST {"username", "password"}` → `{"token"}`; send it as `Authorization: Token …`."""

    # Credentials are the whole of the request: no session or token is needed (nor read).
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    renderer_classes = [JSONRenderer]
    # Password guessing is limited per client address (REST_FRAMEWORK's "login" rate).
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=AuthTokenSerializer, responses=TokenOutput, auth=[])
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class MeOutput(serializers.ModelSerializer):
    area: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "area", "area_name"]
        read_only_fields = fields


class MeView(APIView):
    """The calling user: their role and the area that bounds what they see."""

    permission_classes = [StaffWithArea]
    renderer_classes = [JSONRenderer]

    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        return Response(MeOutput(staff(request)).data)
