"""What the applications API accepts: the shape of each request only.

Whether a value is allowed (a reason is written, two investigators, the notice has ended, the amount
matches the assessment or has a reason) is the services' to say, as on the pages; here only strings,
dates, known choices and what must be sent at all. Unknown fields are refused (`StrictInput`).
"""

from typing import Any

from rest_framework import serializers

from dibao.core.api.fields import AmountField, IdField, MonthField
from dibao.core.api.serializers import StrictInput
from dibao.policy.api.program_fields import program_field, program_filter

from ..models import Application, Verification
from .choices import (
    finding_field,
    kind_field,
    material_kind_field,
    opinion_field,
    relation_field,
    state_field,
    verification_kind_field,
)


class ApplicationListQuery(serializers.Serializer):
    program = program_filter()
    state = state_field(required=False, allow_blank=True)
    kind = kind_field(required=False, allow_blank=True)
    community = serializers.CharField(
        required=False, allow_blank=True, help_text="The code of a community (or street) in your area."
    )
    household = IdField(required=False)
    due = serializers.ChoiceField(
        choices=[("overdue", "overdue"), ("due_soon", "due_soon")],
        required=False,
        allow_blank=True,
        help_text="Open applications due before today (overdue) or within five working days (due_soon).",
    )


class DueQuery(serializers.Serializer):
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="An area's code; your own area when not given."
    )


class JsonBooleanField(serializers.BooleanField):
    """A JSON true or false only: a string or a number is refused, as the schema says."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class ApplicationCreateInput(StrictInput):
    household = IdField(help_text="The id of a household in your area.")
    program = program_field(
        required=False,
        help_text="The program applied for (default: dibao): dibao, extreme_poverty, disability_living, "
        "disability_care or elderly_allowance, where the area has it in use.",
    )
    member = IdField(
        required=False,
        allow_null=True,
        help_text="For a program that pays a person (all but dibao): the member of the household applying "
        "(an id). Required for those programs.",
    )
    institutional = JsonBooleanField(
        required=False,
        help_text="For extreme_poverty: supported in an institution (集中供养) rather than at home.",
    )
    care_home = IdField(
        required=False,
        allow_null=True,
        help_text="With institutional: the id of the county's care home its support is paid to.",
    )
    kind = kind_field(required=False)
    applicant_name = serializers.CharField(
        required=False, allow_blank=True, help_text="The head of household's name when not given."
    )
    reason = serializers.CharField(required=False, allow_blank=True)
    single_member = IdField(
        required=False, allow_null=True, help_text="For kind `single`: the member applying alone (an id)."
    )


class VersionInput(StrictInput):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version of the application you saw; or send it as If-Match. One of the two is needed.",
    )


class NoteInput(VersionInput):
    note = serializers.CharField(required=False, allow_blank=True)


class ReturnInput(NoteInput):
    missing = serializers.ListField(
        child=material_kind_field(),
        required=False,
        help_text="Every missing material, at once (一次性告知).",
    )


class AcceptInput(NoteInput):
    accepted_on = serializers.DateField(required=False, help_text="Today when not given.")


class ObjectInput(VersionInput):
    raised_by = serializers.CharField(allow_blank=True)
    content = serializers.CharField(allow_blank=True)
    received_on = serializers.DateField(required=False, help_text="Today when not given.")


class WithoutCheckInput(StrictInput):
    """What a review or a decision says when no economic check result is recorded."""

    without_check = JsonBooleanField(
        required=False,
        help_text="True to go on although no economic check (核对) result is recorded for a means-tested "
        "application; refused (code `check_missing`) without it and a reason.",
    )
    without_check_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Why it goes on without a check result."
    )


class ReviewInput(WithoutCheckInput, VersionInput):
    opinion = serializers.CharField(allow_blank=True, help_text="The street's opinion, in writing.")


class ApproveInput(WithoutCheckInput, NoteInput):
    amount = AmountField(
        column=Application._meta.get_field("amount"),
        required=False,
        allow_null=True,
        help_text="The assessment's amount when not given; another amount needs override_reason. "
        "Required for a fast-track (先行救助) case.",
    )
    override_reason = serializers.CharField(required=False, allow_blank=True)
    start_month = MonthField(
        required=False,
        allow_blank=True,
        help_text="Paid from this month; the month after the decision by default.",
    )


class RejectInput(VersionInput):
    reasons = serializers.CharField(allow_blank=True, help_text="The written reasons for the rejection.")


class ExtendInput(StrictInput):
    reason = serializers.CharField(allow_blank=True)


class MaterialInput(StrictInput):
    kind = material_kind_field()
    file = serializers.FileField(required=False, help_text="At most 20 MB; send multipart/form-data.")
    seen_on_paper = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True)


class InvestigationInput(StrictInput):
    visited_on = serializers.DateField(allow_null=True)
    investigators = serializers.ListField(
        child=serializers.CharField(allow_blank=True), help_text="At least two people."
    )
    housing = serializers.CharField(required=False, allow_blank=True)
    furniture_and_appliances = serializers.CharField(required=False, allow_blank=True)
    neighbours = serializers.CharField(required=False, allow_blank=True)
    members_statement = serializers.CharField(required=False, allow_blank=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)
    signed_by_investigators = serializers.BooleanField(required=False, default=False)
    signed_by_members = serializers.BooleanField(required=False, default=False)


class VerificationInput(StrictInput):
    member = IdField(required=False, allow_null=True, help_text="A member of the household.")
    kind = verification_kind_field()
    description = serializers.CharField(allow_blank=True)
    amount = AmountField(column=Verification._meta.get_field("amount"), required=False, allow_null=True)
    # `source` is also an attribute of every DRF field, which the type stubs see.
    source = serializers.CharField(  # type: ignore[assignment]
        allow_blank=True, help_text="Where the result comes from (tax, bank …)."
    )


class SpotCheckInput(StrictInput):
    checked_on = serializers.DateField(allow_null=True, help_text="The day of the visit, not in the future.")
    checked_by = serializers.CharField(allow_blank=True, help_text="Who from the county made the visit.")
    finding = finding_field()
    note = serializers.CharField(
        required=False, allow_blank=True, help_text="Required when the visit did not confirm the case."
    )


class ResolveInput(StrictInput):
    resolution = serializers.CharField(allow_blank=True)


class NoticeInput(StrictInput):
    applications = serializers.ListField(child=IdField(), help_text="Applications of one community, by id.")
    posted_on = serializers.DateField(required=False, allow_null=True, help_text="Today when not given.")
    mask_given_names = serializers.BooleanField(required=False, default=True)


class CommunityQuery(serializers.Serializer):
    community = serializers.CharField(required=False, allow_blank=True, help_text="A community's code.")


class PanelMemberInput(StrictInput):
    community = serializers.CharField(help_text="The community's code.")
    name = serializers.CharField(allow_blank=True)
    role = serializers.CharField(required=False, allow_blank=True)
    term_from = serializers.DateField(required=False, allow_null=True, help_text="Today when not given.")
    term_to = serializers.DateField(required=False, allow_null=True)


class OpinionInput(StrictInput):
    application = IdField()
    opinion = opinion_field()
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0)
    abstentions = serializers.IntegerField(min_value=0, required=False, default=0)


class AppraisalMeetingInput(StrictInput):
    community = serializers.CharField(help_text="The community's code.")
    held_on = serializers.DateField()
    present = serializers.ListField(child=IdField(), help_text="Panel members present, by id.")
    minutes = serializers.CharField(required=False, allow_blank=True)
    opinions = OpinionInput(many=True)


class CloseRelativeInput(StrictInput):
    staff_name = serializers.CharField(allow_blank=True)
    staff_position = serializers.CharField(allow_blank=True)
    relative_name = serializers.CharField(allow_blank=True)
    relative_id_number = serializers.CharField(allow_blank=True)
    relation = relation_field()
