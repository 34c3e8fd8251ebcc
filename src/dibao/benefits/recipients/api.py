"""Households already receiving, taken over over the API (`dibao import-recipients`): the roster
import's answer and refusal (`registry.api.imports`) with what was granted besides."""

from typing import cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.api.fields import MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.references import resolve
from dibao.core.api.row_errors import RowErrorOutput
from dibao.core.api.views import validated
from dibao.core.errors import NotFound
from dibao.core.roles import RECIPIENT_IMPORTERS
from dibao.core.sheets.reader import read_upload
from dibao.policy.programs import codes
from dibao.registry.api.imports import (
    ImportInput,
    ImportNumbered,
    ImportView,
    RefusedImport,
    answer,
    checked_upload,
)
from dibao.registry.models import UrbanRural

from .forms import RecipientUploadForm
from .importer import import_recipients
from .persons import PROGRAMS

NOT_YOUR_COUNTY = _("Recipients are imported into your own county; this is not its code.")


class RecipientImportInput(ImportInput):
    county = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The caller's county (6 digits); the only one allowed, so it may be left out. "
        "Each head's row names its community (社区).",
    )
    month_from = MonthField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A payment roster (one row per household): the first month it pays, YYYY-MM; required "
        "for it. A member roster has its own 起始年月 and this is not read.",
    )
    urban_rural = NamedChoiceField(
        UrbanRural,
        required=False,
        default=UrbanRural.URBAN,
        help_text="A payment roster: its households' urban/rural category where no 城乡 column says.",
    )

    # A code, checked by the import (a 400 on `program` naming the codes it takes).
    program = serializers.CharField(
        required=False,
        default=codes.DIBAO,
        max_length=32,
        help_text=f"One of {', '.join((codes.DIBAO, *PROGRAMS))}. The program whose recipients the file "
        "lists. dibao (default): a member roster or a "
        "payment roster. A program that pays a person: its list of persons (地区 | 姓名 | 身份证号码 | "
        "the program's columns | 月发放金额 | 账户名称 | 开户银行 | 账号), paid from month_from, which "
        "it requires.",
    )


class RecipientImportOutput(ImportNumbered):
    """`dibao import-recipients --json`: counts and what was granted (0 on a dry run or a refused file)."""

    kind = serializers.CharField()
    file = serializers.CharField()
    county = serializers.CharField()
    area = serializers.CharField(help_text="The importer's area: their street, or the county.")
    dry_run = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=["imported", "checked", "refused"])
    rows = serializers.IntegerField()
    households = serializers.IntegerField()
    members = serializers.IntegerField()
    entitlements = serializers.IntegerField()
    monthly_total = serializers.CharField(help_text="Yuan a month, two decimals.")
    assessed = serializers.IntegerField()
    not_eligible = serializers.IntegerField()
    other_amount = serializers.IntegerField()
    layout = serializers.ChoiceField(
        choices=["members", "payment_roster", "persons"],
        help_text="One row per member, the county's payment roster (one row per household), or a "
        "person-paid program's list of persons.",
    )
    program = serializers.CharField(help_text="The program taken over (its code).")
    matched = serializers.IntegerField(
        help_text="A list of persons: how many were members of the register already (paid as them)."
    )
    to_complete = serializers.IntegerField(
        help_text="Households paid for more persons than are registered (a payment roster registers "
        "the head): their other members are registered at the first review."
    )
    addresses_from_community = serializers.BooleanField(
        help_text="A payment roster without an address column: each address is the community's name."
    )
    errors = RowErrorOutput(many=True)  # type: ignore[assignment]


class RecipientImportRefusedOutput(RefusedImport):
    """Refused; nothing was imported. When the file was read, `report` lists the errors by row and
    column; a request refused before (no file, a community outside the caller's area) has none."""

    report = RecipientImportOutput(required=False)


def own_county(user: User, code: str) -> Area:
    """The caller's county; a code naming any other is not found."""
    county = county_of(cast(Area, user.area))  # `StaffWithArea` lets no user without an area in
    if code.strip() and code.strip() != county.code:
        raise NotFound()
    return county


class RecipientImportView(ImportView):
    """Households already receiving dibao, taken over from the county's roster with what each was
    paid: all or none. The county imports into any community of its county, a street into its own
    communities (a row naming another is refused). As the recipients page and `dibao import-recipients`."""

    permission_classes = [StaffWithArea, roles_may(RECIPIENT_IMPORTERS)]

    @extend_schema(
        request={"multipart/form-data": RecipientImportInput},
        responses={201: RecipientImportOutput, 200: RecipientImportOutput, 400: RecipientImportRefusedOutput},
        summary="Take over a county's households already receiving: all rows or none (street, county)",
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        data = validated(RecipientImportInput, request.data)
        county = resolve("county", lambda: own_county(user, data.get("county") or ""), NOT_YOUR_COUNTY)
        upload = checked_upload(RecipientUploadForm(data={}, files={"file": data["file"]}))
        result = import_recipients(
            filename=upload.name,
            content=read_upload(upload),
            county=county,
            actor=user,
            dry_run=data["dry_run"],
            month_from=data.get("month_from"),
            urban_rural=data.get("urban_rural") or UrbanRural.URBAN,
            program=data.get("program") or codes.DIBAO,
        )
        return answer(result)
