"""The monthly return over the API: a county's return (民政统计月报) of one program or of every
program that pays money, for a month — the figures of the page, the xlsx and `dibao
statistics-return`. A county outside the caller's area is not found (404); a code that is not a
county's, a month not begun or a program that pays nothing is refused on its field (400)."""

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.core.api.fields import AmountField, MonthField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.views import validated
from dibao.policy.programs import codes

from .members import MemberCategory
from .returns import monthly_return, return_inputs
from .selectors import STATISTICS_READERS


class MonthlyReturnQuery(serializers.Serializer):
    county = serializers.CharField(
        required=False, allow_blank=True, help_text="The county's code; your own area's when not given."
    )
    month = MonthField(help_text="YYYY-MM: the month returned (under way or past).")
    program = serializers.ChoiceField(
        choices=list(codes.ALL),
        required=False,
        allow_blank=True,
        help_text="One program that pays money, by its code; every such program when not given.",
    )


class MonthlyReturnMemberOutput(serializers.Serializer):
    member_category = serializers.ChoiceField(choices=MemberCategory.choices)
    member_category_label = serializers.CharField()
    persons = serializers.IntegerField(
        help_text="Covered persons of the category on the books; the disabled (and severely disabled) "
        "are counted again among the others."
    )


class MonthlyReturnLineOutput(serializers.Serializer):
    program = serializers.CharField(help_text="The program's code; empty on the total line.")
    program_name = serializers.CharField()
    households = serializers.IntegerField(help_text="Households on the books in the month.")
    households_urban = serializers.IntegerField()
    households_rural = serializers.IntegerField()
    persons = serializers.IntegerField(help_text="Persons on the books in the month.")
    persons_urban = serializers.IntegerField()
    persons_rural = serializers.IntegerField()
    month_amount = AmountField(help_text="Yuan paid for the month.")
    year_amount_wan = serializers.CharField(help_text="万元 paid from January to the month, four places.")
    members = MonthlyReturnMemberOutput(many=True, help_text="Persons by member category.")


class MonthlyReturnOutput(serializers.Serializer):
    area = serializers.CharField(help_text="The county's code.")
    area_name = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM.")
    program = serializers.CharField(help_text="The program's code; empty: every program that pays money.")
    program_name = serializers.CharField()
    lines = MonthlyReturnLineOutput(many=True, help_text="One line a program.")
    total = MonthlyReturnLineOutput()


class MonthlyReturnView(APIView):
    """A county's monthly return: households and persons on the books in the month by urban and
    rural, and the funds of the month and of the year to it, per program — counted from the
    ledger by the month each change takes effect."""

    permission_classes = [StaffWithArea, roles_may(STATISTICS_READERS)]

    @extend_schema(
        parameters=[MonthlyReturnQuery],
        responses=MonthlyReturnOutput,
        summary="A county's monthly return (民政统计月报) for a month",
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        query = validated(MonthlyReturnQuery, request.query_params)
        code = query.get("county") or cast(Area, user.area).code
        county, month, program = return_inputs(user, code, query["month"], query.get("program") or None)
        return Response(monthly_return(county, month, program).as_json())
