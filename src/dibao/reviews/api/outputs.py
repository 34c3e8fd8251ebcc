"""What the reviews API answers, and what `dibao reviews-due` prints: reviews with the household's
number and head, campaigns, and the households due for review.

Every choice set has a name of its own in the schema (`ReviewStateEnum` …): `state`, `kind` and
`outcome` are field names other apps use for other sets (see core.api.fields.NamedChoiceField)."""

import datetime
import os
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.areas.models import Area
from dibao.benefits.models import Entitlement, StopReason
from dibao.core.api.fields import AmountField, MonthField, NamedChoiceField, UsernameField
from dibao.core.roles import REVIEW_APPROVERS, REVIEW_WORKERS
from dibao.policy.api.program_fields import program_field
from dibao.policy.engine.explanation import Line
from dibao.registry.models import Member, Relation

from ..models import Campaign, ChangeKind, Outcome, Review, ReviewKind, ReviewState
from ..selectors import due_rows
from ..services.deciding import NOTICE_OUTCOMES

# What the caller may do with a review now (`POST /reviews/{id}/{action}/`, `GET …/notice/`).
ACTIONS = ("record", "approve", "return", "cancel", "notice")


def state_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(ReviewState.choices, enum_name="ReviewStateEnum", **kwargs)


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(ReviewKind.choices, enum_name="ReviewKindEnum", **kwargs)


def change_kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(ChangeKind.choices, enum_name="ReviewChangeKindEnum", **kwargs)


def outcome_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(Outcome.choices, enum_name="ReviewOutcomeEnum", **kwargs)


def stop_reason_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(StopReason.choices, enum_name="StopReasonEnum", **kwargs)


def action_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField([(name, name) for name in ACTIONS], enum_name="ReviewActionEnum", **kwargs)


def head_names(rows: QuerySet[Any], household: str = "household_id") -> QuerySet[Any]:
    """`rows` with `head_name`: the name of the head of household, in the same query."""
    head = Member.objects.filter(household_id=OuterRef(household), relation=Relation.SELF).order_by("id")
    return rows.annotate(head_name=Subquery(head.values("name")[:1]))


def head_of(review: Review) -> str:
    found = getattr(review, "head_name", None)
    if found is None:
        found = (
            Member.objects.filter(household_id=review.household_id, relation=Relation.SELF)
            .order_by("id")
            .values_list("name", flat=True)
            .first()
        )
    return found or ""


def has_notice(review: Review) -> bool:
    return (
        review.state == ReviewState.DECIDED
        and review.outcome in NOTICE_OUTCOMES
        and bool(review.notice_number)
    )


class ReviewOutput(serializers.ModelSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    head = serializers.SerializerMethodField()
    community = serializers.CharField(source="community.code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    program = program_field(read_only=True)
    kind = kind_field(read_only=True)
    change_kind = change_kind_field(read_only=True, allow_blank=True)
    state = state_field(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    outcome = outcome_field(read_only=True, allow_blank=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    amount_before = AmountField(read_only=True, allow_null=True)
    amount_after = AmountField(read_only=True, allow_null=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "version",
            "household",
            "household_number",
            "head",
            "community",
            "community_name",
            "program",
            "kind",
            "campaign",
            "change_kind",
            "due_on",
            "state",
            "state_label",
            "outcome",
            "outcome_label",
            "effective_on",
            "amount_before",
            "amount_after",
            "notice_number",
            "opened_at",
            "recorded_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_head(self, review: Review) -> str:
        """The head of household's name."""
        return head_of(review)


class ReviewDetailOutput(ReviewOutput):
    """A review with what was checked, its outcome, the assessment behind it and what the caller
    may do now. Needs `user` in the context (for `actions`)."""

    evidence_name = serializers.SerializerMethodField()
    stop_reason = stop_reason_field(read_only=True, allow_blank=True)
    stop_reason_label = serializers.CharField(source="get_stop_reason_display", read_only=True)
    overpaid_from = MonthField(read_only=True, allow_null=True)
    overpayment = AmountField(read_only=True, allow_null=True)
    class_after = serializers.CharField(read_only=True, help_text="A, B or C (分类施保); blank for none.")
    explanation = serializers.SerializerMethodField()
    opened_by = UsernameField()
    recorded_by = UsernameField()
    decided_by = UsernameField()
    actions = serializers.SerializerMethodField()

    class Meta(ReviewOutput.Meta):
        fields = [
            *ReviewOutput.Meta.fields,
            "occurred_on",
            "description",
            "evidence_name",
            "checked_income",
            "checked_assets",
            "checked_members",
            "visited_on",
            "findings",
            "stop_reason",
            "stop_reason_label",
            "reason_text",
            "exit_months",
            "eligible",
            "persons_after",
            "class_after",
            "overpaid_from",
            "overpayment",
            "entitlement",
            "explanation",
            "opened_by",
            "recorded_by",
            "decided_by",
            "actions",
        ]
        read_only_fields = fields

    def get_evidence_name(self, review: Review) -> str:
        """The uploaded evidence's file name; blank when none was uploaded."""
        return os.path.basename(review.evidence.name) if review.evidence else ""

    def get_explanation(self, review: Review) -> list[str]:
        """The assessment the outcome was recorded against, line by line, in the caller's language."""
        return [Line.from_json(line).render() for line in review.explanation]

    @extend_schema_field(serializers.ListField(child=action_field()))
    def get_actions(self, review: Review) -> list[str]:
        """What the caller's role may do with the review now; the services check again."""
        role = self.context["user"].role
        found = []
        if review.state == ReviewState.OPEN and role in REVIEW_WORKERS:
            found += ["record", "cancel"]
        if review.state == ReviewState.PROPOSED and role in REVIEW_APPROVERS:
            found += ["approve", "return"]
        if has_notice(review):
            found.append("notice")
        return found


class ReviewCampaignOutput(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    reviews = serializers.IntegerField(read_only=True, help_text="Reviews it opened.")
    created_by = UsernameField()

    class Meta:
        model = Campaign
        fields = ["id", "area", "area_name", "year", "due_on", "reviews", "created_at", "created_by"]
        read_only_fields = fields


class ReviewDueRowOutput(serializers.Serializer):
    """A receiving household due for review (as `dibao reviews-due --json`)."""

    household = serializers.IntegerField(help_text="The household's id.")
    number = serializers.CharField(help_text="The household's number.")
    head = serializers.CharField(help_text="The head of household's name.")
    community = serializers.CharField(help_text="The community's code.")
    community_name = serializers.CharField()
    management_class = serializers.CharField(help_text="The management class; blank for none.")
    next_review = serializers.DateField()
    overdue = serializers.BooleanField(help_text="The review was due before today.")
    days = serializers.IntegerField(help_text="Days until the review is due; negative: overdue by.")
    has_open_review = serializers.BooleanField()


class ReviewDueOutput(serializers.Serializer):
    area = serializers.CharField(help_text="The area's code.")
    area_name = serializers.CharField()
    today = serializers.DateField()
    days = serializers.IntegerField(help_text="The horizon: due on or before today + days.")
    overdue = serializers.IntegerField(help_text="How many are overdue.")
    due_soon = serializers.IntegerField(help_text="How many are due within the horizon, not overdue.")
    with_open_review = serializers.IntegerField(help_text="How many already have a review open.")
    households = ReviewDueRowOutput(many=True, help_text="The most overdue first.")


def due_report(
    entitlements: QuerySet[Entitlement], area: Area, today: datetime.date, days: int
) -> dict[str, Any]:
    """The households of `selectors.reviews_due`, as the API and the command answer them."""
    rows = due_rows(head_names(entitlements), today)
    households = [
        {
            "household": row.entitlement.household_id,
            "number": row.entitlement.household.number,
            "head": getattr(row.entitlement, "head_name", None) or "",
            "community": row.entitlement.household.community.code,
            "community_name": row.entitlement.household.community.name,
            "management_class": row.entitlement.management_class,
            "next_review": row.entitlement.next_review,
            "overdue": row.overdue,
            "days": row.days,
            "has_open_review": row.has_open_review,
        }
        for row in rows
    ]
    overdue = sum(1 for row in rows if row.overdue)
    return {
        "area": area.code,
        "area_name": area.name,
        "today": today,
        "days": days,
        "overdue": overdue,
        "due_soon": len(rows) - overdue,
        "with_open_review": sum(1 for row in rows if row.has_open_review),
        "households": households,
    }
