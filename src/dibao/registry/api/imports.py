"""The roster import over the API: a community's roster (`dibao import-roster`). (A county's
households already receiving, `dibao import-recipients`, are benefits', `benefits.recipients.api`,
built from the parts here.)

The same service functions as the pages and the commands (`import_roster`:
they check role and area again, write all rows or none, keep the import's record and audit it),
the page form's checks of the upload, and the answer is the commands' `--json` document. A refused
file is a 400 in the one error shape with that document besides, its errors row by row.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.references import resolve
from dibao.core.api.row_errors import RowErrorOutput
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import validated
from dibao.core.errors import DomainError
from dibao.core.jobs.api import JobOutput, accepted
from dibao.core.roles import REGISTRY_WRITERS
from dibao.core.sheets.reader import read_upload

from ..roster.forms import RosterUploadForm
from ..roster.jobs import roster_import_start

NO_SUCH_COMMUNITY = _("There is no community, street or county with this code in your area.")


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A part of a multipart body: the file itself (`format: binary`), not a link to one."""


class ImportInput(StrictInput):
    file = UploadField(
        help_text="The roster: xlsx or CSV (UTF-8 or GBK), one row per member, at most the server's "
        "UPLOAD_MAX_BYTES (50 MB unless set otherwise), within its import limits (docs/operations.md)."
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Check every row and report, but write nothing."
    )


class RosterImportInput(ImportInput):
    community = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The code of the area the households go into: a community, or a street or the county, "
        "whose communities the rows' 社区 column names (as an export of that area writes it). The "
        "caller's own area when not given.",
    )


class ImportNumbered(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        # `import` (the import's id, as the commands' --json names it) is a Python keyword.
        fields = super().get_fields()
        return {"import": serializers.IntegerField(help_text="The import's id."), **fields}


class RosterImportOutput(ImportNumbered):
    """`dibao import-roster --json`: counts are what was written (0 on a dry run or a refused file)."""

    file = serializers.CharField()
    community = serializers.CharField()
    dry_run = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=["imported", "checked", "refused"])
    rows = serializers.IntegerField()
    households = serializers.IntegerField()
    members = serializers.IntegerField()
    errors = RowErrorOutput(many=True)  # type: ignore[assignment]


class RefusedImport(serializers.Serializer):
    code = serializers.CharField(help_text="`refused`")
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="`file`: one message per row error.",
    )


class RosterImportRefusedOutput(RefusedImport):
    """Refused; nothing was imported. When the file was read, `report` lists the errors by row and
    column; a request refused before (no file, a community outside the caller's area) has none."""

    report = RosterImportOutput(required=False)


class ImportView(APIView):
    """Logged-in staff with an area and the role the page asks for; multipart in, JSON out."""

    parser_classes = [MultiPartParser, FormParser]
    renderer_classes = [JSONRenderer]


def checked_upload(form: forms.Form) -> Any:
    """The upload after the page form's own checks (its kind, its size), refused as the page refuses
    it: an error on `file`, and nothing recorded."""
    if not form.is_valid():
        raise DomainError(errors={name: list(messages) for name, messages in form.errors.items()})
    return form.cleaned_data["file"]


def answer(result: Any) -> Response:
    """The commands' `--json` document: 201 imported, 200 checked only, 400 refused."""
    document = result.as_dict()
    if result.errors:
        messages = [
            str(
                _("Row %(row)s, %(column)s: %(reason)s")
                % {"row": e.row, "column": e.column or "—", "reason": e.reason}
            )
            for e in result.errors
        ]
        body = {"code": "refused", "detail": messages[0], "errors": {"file": messages}, "report": document}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return Response(document, status=status.HTTP_200_OK if result.record.dry_run else status.HTTP_201_CREATED)


class RosterImportView(ImportView):
    """A community's roster (花名册): every member of every household, or — when any row is wrong —
    none of them, with the reasons by row and column. As the import page and `dibao import-roster`.
    The import runs as a job (202 and the job's address); the upload's own checks answer at once."""

    permission_classes = [StaffWithArea, roles_may(REGISTRY_WRITERS)]

    @extend_schema(
        request={"multipart/form-data": RosterImportInput},
        responses={202: JobOutput, 400: RosterImportRefusedOutput},
        summary="Import a roster into a community, street or county (by 社区): all rows or none",
        description="Runs as a job: the answer is 202 with the job, whose `url` is polled until its "
        "`state` is `succeeded` (its `outcome` is the import's document, refused or not) or `failed`.",
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        data = validated(RosterImportInput, request.data)
        code = (
            data.get("community") or cast(Area, user.area).code
        )  # `StaffWithArea` lets no user without an area in
        area = resolve("community", lambda: area_for(user, code), NO_SUCH_COMMUNITY)
        upload = checked_upload(
            RosterUploadForm(data={"community": area.code}, files={"file": data["file"]}, communities=[area])
        )
        job = roster_import_start(
            filename=upload.name,
            content=read_upload(upload),
            area=area,
            actor=user,
            dry_run=data["dry_run"],
        )
        return accepted(request, job)
