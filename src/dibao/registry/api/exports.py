"""The roster export over the API: the households the list shows for the same filters, in the
roster layout (xlsx or CSV), written by a job as the page's export is. The answer is 202 with the
job; its `file_url` downloads the file once it has succeeded. The export and each download of its
file are in the audit trail, with whether ID numbers and accounts were whole (`core.disclosure`)."""

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.api.fields import NamedChoiceField
from dibao.core.api.permissions import StaffWithArea
from dibao.core.api.references import resolve
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import validated
from dibao.core.jobs.api import JobOutput, accepted

from ..models import HouseholdStatus, UrbanRural
from ..roster.jobs import roster_export_start
from .imports import NO_SUCH_COMMUNITY


class RosterExportInput(StrictInput):
    format = NamedChoiceField(
        [("xlsx", "xlsx"), ("csv", "csv")],
        enum_name="RosterExportFormatEnum",
        required=False,
        default="xlsx",
        help_text="xlsx (the default) or CSV (UTF-8 with a byte order mark).",
    )
    area = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text="An area's code (community, street or county) in the caller's; the caller's own "
        "when left out.",
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="The list's search, as on the page."
    )
    status = NamedChoiceField(HouseholdStatus, required=False, allow_blank=True)
    urban_rural = NamedChoiceField(UrbanRural, required=False, allow_blank=True)


class RosterExportView(APIView):
    permission_classes = [StaffWithArea]

    @extend_schema(
        request=RosterExportInput,
        responses={202: JobOutput},
        summary="Export the register's households in the roster layout, as a job",
        description="A job (202): when it has succeeded, its `file_url` downloads the file. An area "
        "outside the caller's is 400 on `area`.",
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        data = validated(RosterExportInput, request.data)
        code = data.get("area") or ""
        area = (
            resolve("area", lambda: area_for(user, code), NO_SUCH_COMMUNITY)
            if code
            else cast(Area, user.area)
        )
        filters = {
            "query": data.get("q") or "",
            "area_code": code,
            "status": data.get("status") or "",
            "urban_rural": data.get("urban_rural") or "",
        }
        job = roster_export_start(actor=user, area=area, fmt=data["format"], filters=filters)
        return accepted(request, job)
