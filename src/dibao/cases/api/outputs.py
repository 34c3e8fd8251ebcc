"""What the applications API answers with: an application, its case file, and the community's records.

Read-only serializers over the models; every choice set has its own schema name (see `fields`).
"""

import os
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.areas.models import Area
from dibao.core.api.fields import AmountField, IdNumberField, MonthField, UsernameField
from dibao.policy.api.program_fields import program_field
from dibao.policy.engine.explanation import Line

from .. import workflow
from ..models import (
    Application,
    AppraisalMeeting,
    AppraisalOpinion,
    CaseEvent,
    CloseRelative,
    Investigation,
    Material,
    Notice,
    Objection,
    PanelMember,
    SpotCheck,
    Verification,
)
from ..services import procedure_for
from .choices import (
    finding_field,
    kind_field,
    material_kind_field,
    opinion_field,
    relation_field,
    state_field,
    step_field,
    verification_kind_field,
)


def code_field() -> "serializers.SlugRelatedField[Area]":
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


class ApplicationOutput(serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    community = code_field()
    community_name = serializers.CharField(source="community.name", read_only=True)
    program = program_field(read_only=True)
    kind = kind_field(read_only=True)
    state = state_field(read_only=True)
    amount = AmountField(read_only=True, allow_null=True)
    assessed_amount = AmountField(read_only=True, allow_null=True)
    start_month = MonthField(read_only=True, allow_null=True)
    benefit_class = serializers.CharField(read_only=True, help_text="A, B or C (分类施保); blank for none.")
    management_class = serializers.CharField(
        read_only=True, help_text="The management class that sets the review interval; blank for none."
    )
    decided_by = UsernameField()

    class Meta:
        model = Application
        fields = [
            "id",
            "version",
            "household",
            "household_number",
            "community",
            "community_name",
            "program",
            "member",
            "institutional",
            "care_home",
            "kind",
            "state",
            "applicant_name",
            "single_member",
            "reason",
            "close_relative",
            "created_at",
            "submitted_on",
            "accepted_on",
            "due_on",
            "extended",
            "extension_reason",
            "decided_on",
            "decided_by",
            "amount",
            "assessed_amount",
            "override_reason",
            "benefit_class",
            "management_class",
            "start_month",
            "rejection_reasons",
        ]
        read_only_fields = fields


class CaseEventOutput(serializers.ModelSerializer):
    actor = UsernameField()
    actor_name = serializers.SerializerMethodField()
    from_state = state_field(read_only=True)
    to_state = state_field(read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["id", "at", "action", "from_state", "to_state", "actor", "actor_name", "note", "data"]
        read_only_fields = fields

    def get_actor_name(self, event: CaseEvent) -> str:
        return str(event.actor) if event.actor is not None else ""


class MaterialOutput(serializers.ModelSerializer):
    kind = material_kind_field(read_only=True)
    file_name = serializers.SerializerMethodField()
    added_by = UsernameField()

    class Meta:
        model = Material
        fields = ["id", "kind", "file_name", "seen_on_paper", "note", "added_at", "added_by"]
        read_only_fields = fields

    def get_file_name(self, material: Material) -> str:
        """The uploaded file's name; blank when the material was seen on paper only."""
        return os.path.basename(material.file.name) if material.file else ""


class InvestigationOutput(serializers.ModelSerializer):
    investigators = serializers.ListField(child=serializers.CharField(), read_only=True)
    recorded_by = UsernameField()

    class Meta:
        model = Investigation
        fields = [
            "id",
            "visited_on",
            "investigators",
            "housing",
            "furniture_and_appliances",
            "neighbours",
            "members_statement",
            "conclusion",
            "signed_by_investigators",
            "signed_by_members",
            "recorded_at",
            "recorded_by",
        ]
        read_only_fields = fields


class VerificationOutput(serializers.ModelSerializer):
    kind = verification_kind_field(read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True, allow_null=True, default=None)
    amount = AmountField(read_only=True, allow_null=True)
    recorded_by = UsernameField()

    class Meta:
        model = Verification
        fields = [
            "id",
            "member",
            "member_name",
            "kind",
            "description",
            "amount",
            "source",
            "recorded_at",
            "recorded_by",
        ]
        read_only_fields = fields


class SpotCheckOutput(serializers.ModelSerializer):
    finding = finding_field(read_only=True)
    recorded_by = UsernameField()

    class Meta:
        model = SpotCheck
        fields = [
            "id",
            "application",
            "checked_on",
            "checked_by",
            "finding",
            "note",
            "recorded_at",
            "recorded_by",
        ]
        read_only_fields = fields


class ObjectionOutput(serializers.ModelSerializer):
    recorded_by = UsernameField()

    class Meta:
        model = Objection
        fields = [
            "id",
            "application",
            "received_on",
            "raised_by",
            "content",
            "resolution",
            "resolved_on",
            "recorded_by",
        ]
        read_only_fields = fields


class ApplicationDetailOutput(ApplicationOutput):
    """An application with its whole case file. Needs `user` in the context (for `next_steps`)."""

    next_steps = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    materials = MaterialOutput(many=True, read_only=True)
    investigations = InvestigationOutput(many=True, read_only=True)
    verifications = serializers.SerializerMethodField()
    objections = ObjectionOutput(many=True, read_only=True)
    notices: "serializers.PrimaryKeyRelatedField[Notice]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    explanation = serializers.SerializerMethodField()

    class Meta(ApplicationOutput.Meta):
        fields = [
            *ApplicationOutput.Meta.fields,
            "next_steps",
            "timeline",
            "materials",
            "investigations",
            "verifications",
            "objections",
            "notices",
            "explanation",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=step_field()))
    def get_next_steps(self, application: Application) -> list[str]:
        """The steps the caller's role may take now, by name (`POST …/{id}/{name}/`)."""
        role = self.context["user"].role
        return [s.name for s in workflow.next_steps(application, procedure_for(application), role)]

    @extend_schema_field(CaseEventOutput(many=True))
    def get_timeline(self, application: Application) -> Any:
        from ..selectors import timeline

        return CaseEventOutput(timeline(application), many=True).data

    @extend_schema_field(VerificationOutput(many=True))
    def get_verifications(self, application: Application) -> Any:
        return VerificationOutput(application.verifications.select_related("member"), many=True).data

    def get_explanation(self, application: Application) -> list[str]:
        """The decision's assessment, line by line, in the caller's language."""
        return [Line.from_json(line).render() for line in application.explanation]


class NoticeOutput(serializers.ModelSerializer):
    community = code_field()
    applications: "serializers.PrimaryKeyRelatedField[Application]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    posted_by = UsernameField()

    class Meta:
        model = Notice
        fields = ["id", "community", "posted_on", "ends_on", "mask_given_names", "applications", "posted_by"]
        read_only_fields = fields


class PanelMemberOutput(serializers.ModelSerializer):
    community = code_field()

    class Meta:
        model = PanelMember
        fields = ["id", "community", "name", "role", "term_from", "term_to"]
        read_only_fields = fields


class AppraisalOpinionOutput(serializers.ModelSerializer):
    opinion = opinion_field(read_only=True)

    class Meta:
        model = AppraisalOpinion
        fields = ["application", "opinion", "votes_for", "votes_against", "abstentions"]
        read_only_fields = fields


class AppraisalMeetingOutput(serializers.ModelSerializer):
    community = code_field()
    present: "serializers.PrimaryKeyRelatedField[PanelMember]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    opinions = AppraisalOpinionOutput(many=True, read_only=True)
    recorded_by = UsernameField()

    class Meta:
        model = AppraisalMeeting
        fields = ["id", "community", "held_on", "present", "minutes", "opinions", "recorded_by"]
        read_only_fields = fields


class CloseRelativeOutput(serializers.ModelSerializer):
    county = code_field()
    relative_id_number_masked = IdNumberField(source="relative_id_number")
    relation = relation_field(read_only=True)
    recorded_by = UsernameField()

    class Meta:
        model = CloseRelative
        fields = [
            "id",
            "county",
            "staff_name",
            "staff_position",
            "relative_name",
            "relative_id_number_masked",
            "relation",
            "recorded_at",
            "recorded_by",
        ]
        read_only_fields = fields


class DueRowOutput(serializers.Serializer):
    """One row of `dibao cases-due --json`."""

    id = serializers.IntegerField(source="pk")
    applicant = serializers.CharField(source="applicant_name")
    household = serializers.CharField(source="household.number", help_text="The household's number.")
    community = serializers.CharField(source="community.code")
    state = state_field(read_only=True)
    accepted_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField()
    extended = serializers.BooleanField()


class DueOutput(serializers.Serializer):
    overdue = DueRowOutput(many=True, help_text="Due before today.")
    due_soon = DueRowOutput(many=True, help_text="Due today or within five working days.")
