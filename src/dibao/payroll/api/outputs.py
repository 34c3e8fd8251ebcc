"""What the payroll API answers: runs with the figures of the caller's area, their breakdowns and
checks, and lines. Choice sets carry names of their own in the schema (`PayrollRunStateEnum` …)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.core import disclosure
from dibao.core.api.fields import AmountField, IdNumberField, MonthField, NamedChoiceField, UsernameField
from dibao.core.api.row_errors import RowErrorOutput
from dibao.policy.api.program_fields import program_field
from dibao.registry.models import UrbanRural

from ..models import Line, LineResult, Run, RunState
from ..totals import ZERO
from ..views.access import ACTIONS


def action_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField([(name, name) for name in ACTIONS], enum_name="PayrollRunActionEnum", **kwargs)


class PayrollFiguresOutput(serializers.Serializer):
    households = serializers.IntegerField(
        help_text="Distinct households paid: one paid in several programs counts once."
    )
    persons = serializers.IntegerField(
        help_text="The persons covered by the benefits that pay a household (低保), plus each person "
        "paid by a program that pays a person, once however many such programs pay them."
    )
    total_amount = AmountField(help_text="Yuan, summed to the fen.")
    per_household = AmountField(help_text="户均: the total over the households.")
    per_person = AmountField(help_text="人均: the total over the persons.")


class PayrollProgramFiguresOutput(serializers.Serializer):
    households = serializers.IntegerField(help_text="Distinct households the program pays.")
    persons = serializers.IntegerField(
        help_text="A program that pays a household: the persons its benefit covers; one that pays a "
        "person: the persons it pays."
    )
    amount = AmountField(help_text="Yuan, summed to the fen; the programs' amounts add up to the total.")


PROGRAMS_HELP = (
    "Per program, by its code: {code: {households, persons, amount}}. The amounts add up to the "
    "figures' total_amount to the fen; a household paid in two programs counts in both."
)


def programs_field() -> serializers.DictField:
    return serializers.DictField(child=PayrollProgramFiguresOutput(), help_text=PROGRAMS_HELP)


RUN_PROGRAM_HELP = (
    "null: the county's run of the month, which pays every program the county pays together and "
    "the one-off grants; a program's code: that program's own run (a program the county pays apart)."
)


class PayrollRunOutput(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)
    month = MonthField(read_only=True)
    program = program_field(read_only=True, allow_null=True, help_text=RUN_PROGRAM_HELP)
    state = NamedChoiceField(RunState, enum_name="PayrollRunStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    approved_by = UsernameField()
    figures = serializers.SerializerMethodField(
        help_text="The run's figures in the caller's area: the whole run for the county, the "
        "street's or the community's own part for them."
    )

    class Meta:
        model = Run
        fields = [
            "id",
            "county",
            "county_name",
            "month",
            "program",
            "state",
            "state_label",
            "version",
            "drafted_at",
            "approved_at",
            "approved_by",
            "figures",
        ]
        read_only_fields = fields

    @extend_schema_field(PayrollFiguresOutput)
    def get_figures(self, run: Run) -> dict[str, Any]:
        return self.context["figures"].get(run.pk, ZERO).as_json()


class PayrollStreetOutput(serializers.Serializer):
    street = serializers.CharField(help_text="The street's code.")
    street_name = serializers.CharField()
    figures = PayrollFiguresOutput()
    programs = programs_field()
    checked = serializers.BooleanField(help_text="The street has checked its part of this draft.")
    checked_at = serializers.DateTimeField(allow_null=True)
    checked_by = serializers.CharField(allow_null=True, help_text="Username; null: not checked.")


class PayrollCommunityOutput(serializers.Serializer):
    community = serializers.CharField(help_text="The community's code.")
    community_name = serializers.CharField()
    street = serializers.CharField(help_text="Its street's code.")
    figures = PayrollFiguresOutput()
    programs = programs_field()


class PayrollUrbanRuralOutput(serializers.Serializer):
    urban_rural = serializers.ChoiceField(choices=UrbanRural.choices)
    urban_rural_label = serializers.CharField()
    figures = PayrollFiguresOutput()


class PayrollBenefitClassOutput(serializers.Serializer):
    benefit_class = serializers.CharField(help_text="A, B or C; empty: no class (the gap only).")
    benefit_class_label = serializers.CharField()
    figures = PayrollFiguresOutput()


class PayrollRunDetailOutput(serializers.Serializer):
    """A run with its figures broken down; built from `views.summary.RunSummary` by `detail_body`."""

    id = serializers.IntegerField()
    county = serializers.CharField()
    county_name = serializers.CharField()
    month = MonthField()
    program = program_field(allow_null=True, help_text=RUN_PROGRAM_HELP)
    state = NamedChoiceField(RunState, enum_name="PayrollRunStateEnum")
    state_label = serializers.CharField()
    version = serializers.IntegerField(help_text="Send it back to approve: the version you saw.")
    drafted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    approved_by = serializers.CharField(allow_null=True)
    figures = PayrollFiguresOutput(
        help_text="The figures of the caller's area (the whole run for the county)."
    )
    programs = programs_field()
    streets = PayrollStreetOutput(
        many=True, help_text="Each street of the caller's area with lines, and its check."
    )
    communities = PayrollCommunityOutput(many=True)
    urban_rural = PayrollUrbanRuralOutput(many=True)
    benefit_classes = PayrollBenefitClassOutput(many=True)
    actions = serializers.ListField(
        child=action_field(), help_text="What the caller may do with the run now."
    )


class PayrollLineOutput(serializers.ModelSerializer):
    number = serializers.CharField(source="household.number", read_only=True)
    community = serializers.CharField(source="community.code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    street = serializers.CharField(source="street.code", read_only=True)
    program = program_field(read_only=True)
    urban_rural = serializers.ChoiceField(choices=UrbanRural.choices, read_only=True)
    head_id_number = IdNumberField()
    bank_account = serializers.SerializerMethodField(help_text="The last four digits only.")
    amount = AmountField(read_only=True, help_text="The monthly amount in force.")
    arrears = AmountField(read_only=True, help_text="Owed for earlier months (补发).")
    adjustment = AmountField(read_only=True, help_text="Carried adjustments: reissues, recoveries.")
    total = AmountField(read_only=True, help_text="To pay: amount + arrears + adjustment.")
    result = NamedChoiceField(LineResult, enum_name="PayrollLineResultEnum", read_only=True)
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = Line
        fields = [
            "id",
            "household",
            "program",
            "member",
            "number",
            "head_name",
            "head_id_number",
            "community",
            "community_name",
            "street",
            "urban_rural",
            "benefit_class",
            "persons",
            "amount",
            "arrears",
            "adjustment",
            "total",
            "bank_name",
            "bank_account",
            "result",
            "result_label",
            "result_reason",
        ]
        read_only_fields = fields

    def get_bank_account(self, line: Line) -> str:
        # A list of a county's payments: masked for every role (core.disclosure); the bank file
        # is where whole accounts go.
        return disclosure.mask_account(line.bank_account)


class PayrollResultPartOutput(serializers.Serializer):
    count = serializers.IntegerField()
    amount = AmountField()


class PayrollResultsOutput(serializers.Serializer):
    """What importing the bank's results did (`payroll.results.Outcome`)."""

    run = serializers.IntegerField()
    file = serializers.CharField()
    state = NamedChoiceField(
        RunState, enum_name="PayrollRunStateEnum", help_text="paid once nothing is outstanding."
    )
    outcome = NamedChoiceField(
        [("imported", "imported"), ("refused", "refused")], enum_name="PayrollResultsOutcomeEnum"
    )
    rows = serializers.IntegerField(help_text="Rows of results the file holds.")
    paid = PayrollResultPartOutput(help_text="The run's lines paid so far.")
    failed = PayrollResultPartOutput(help_text="…failed (each waits as a reissue for the next run).")
    outstanding = PayrollResultPartOutput(help_text="…without a result yet.")
    adjustments = serializers.IntegerField(help_text="Reissues this file created.")
    # A declared field leaves the class (DRF's metaclass), so `Serializer.errors` is not shadowed.
    errors = RowErrorOutput(many=True, help_text="Why the file was refused, row by row.")  # type: ignore[assignment]


class PayrollResultsRefusedOutput(serializers.Serializer):
    """Refused: the usual error shape and, when the file was read, the report row by row (a request
    refused before that, such as one without a file, has none). Nothing was imported."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]
    report = PayrollResultsOutput(required=False)
