"""The base of every API view set: logged-in staff with an area, JSON in and out."""

from typing import Any, cast

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import viewsets
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from ..page_access import Staff
from .permissions import StaffWithArea


class StaffViewSet(viewsets.GenericViewSet):
    permission_classes = [StaffWithArea]
    # JSON only, both ways: bodies nest (a household's head), which form encoding cannot say, and
    # the browsable HTML renderer would build forms from serializers these view sets do not save
    # through; the OpenAPI schema documents the endpoints instead.
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    # The lookups are numeric ids, matched in the URL so that `/households/abc/` is a plain 404
    # (the router uses path converters, see config/api_urls.py).
    lookup_value_converter = "id"


def staff(request: Request) -> Staff:
    """The calling user, who has an area (see `StaffWithArea`); services take it as `actor`."""
    return cast(Staff, request.user)  # `StaffWithArea` lets no anonymous caller in


def validated(serializer_class: type[BaseSerializer], data: Any, *, partial: bool = False) -> Any:
    """The input after its shape is checked; a 400 naming each wrong field otherwise."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# Nothing is done here that a forged request could abuse; without the exemption Django's CSRF check
# would answer a session's write to an unknown path with its HTML 403 page instead of this 404.
@csrf_exempt
def endpoint_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any path under the API that names no endpoint: a 404 in the API's shape, not an HTML page."""
    return JsonResponse({"code": "not_found", "detail": str(_("Not found.")), "errors": {}}, status=404)
