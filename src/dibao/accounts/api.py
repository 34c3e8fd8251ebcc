"""Log-in for API clients: a token for username and password, log-out, and who the token belongs to.

The token view logs in through `django.contrib.auth.authenticate` with the request, as the log-in
page does, so django-axes counts its failures and refuses a locked username here too: one lock for
both (see `accounts.lockout`).
"""

from typing import Any, cast

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dibao.areas.models import Area
from dibao.core.api.permissions import StaffWithArea
from dibao.core.api.serializers import StrictInput
from dibao.core.errors import DomainError

from .authentication import ApiTokenAuthentication
from .lockout import lock_ends, lockout_message, seconds_left
from .models import ApiToken, User
from .services import token_issue, token_revoke
from .staff import staff


class LockedOut(exceptions.APIException):
    """429 with `Retry-After`: the username is locked after too many failed log-ins."""

    status_code = 429
    default_code = "locked_out"

    def __init__(self, username: str) -> None:
        ends = lock_ends(username)
        self.wait = seconds_left(ends)  # sent as Retry-After
        super().__init__(lockout_message(ends))


class TokenInput(StrictInput):
    username = serializers.CharField(label=_("Username"), max_length=150)
    password = serializers.CharField(
        label=_("Password"), max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown only this once.")
    expiry = serializers.DateTimeField(help_text="After this the token no longer opens the API.")


# The one shape of every API error (core.api.handler), for the schema. A field named `errors`
# would hide the serializer's own `errors`, hence inline.
ErrorOutput = inline_serializer(
    "LogInError",
    {
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)


class TokenView(APIView):
    """`POST {"username", "password"}` → `{"token", "expiry"}`; send it as `Authorization: Token …`."""

    # Credentials are the whole of the request: no session or token is needed (nor read).
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    renderer_classes = [JSONRenderer]

    @extend_schema(
        request=TokenInput,
        responses={
            200: TokenOutput,
            400: OpenApiResponse(ErrorOutput, description="Wrong username or password, or missing input."),
            429: OpenApiResponse(
                ErrorOutput,
                description="Too many failed log-ins for this username: `code` is `locked_out`, "
                "`detail` says when to try again and `Retry-After` gives the seconds.",
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        # The DRF request, so that axes reads the client address and marks a lock on it.
        user = authenticate(request, username=username, password=data.validated_data["password"])
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(username)
            raise DomainError(_("Wrong username or password."))
        # As `django.contrib.auth.login` does for a page: axes starts the username afresh and
        # `last_login` is set.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        token, secret = token_issue(user=user, actor=user)
        expiry = serializers.DateTimeField().to_representation(token.expiry)
        return Response({"token": secret, "expiry": expiry})


class LogoutView(APIView):
    """`POST` with the token to revoke it: it opens nothing any more."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        token_revoke(token=cast(ApiToken, request.auth), actor=cast(User, request.user))  # authenticated
        return Response(status=204)


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
