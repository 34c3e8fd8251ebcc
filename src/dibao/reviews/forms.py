"""Inputs of the review pages; reviews.services judges them (see core.service_forms)."""

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.benefits.models import StopReason
from dibao.core.forms import date_input, month_input
from dibao.core.service_forms import ServiceForm, choice, field_label

from .models import Campaign, ChangeKind, Outcome, Review, ReviewKind


class OpenForm(ServiceForm):
    kind = forms.ChoiceField(
        label=field_label(Review, "kind"),
        choices=[
            (ReviewKind.CHANGE, ReviewKind.CHANGE.label),
            (ReviewKind.SCHEDULED, ReviewKind.SCHEDULED.label),
        ],
    )
    change_kind = choice(Review, "change_kind", ChangeKind)
    occurred_on = forms.CharField(label=field_label(Review, "occurred_on"), widget=date_input())
    description = forms.CharField(
        label=field_label(Review, "description"), widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=field_label(Review, "evidence"))


class RecordForm(ServiceForm):
    required_inputs: ClassVar[tuple[str, ...]] = ("outcome", "effective_on")

    checked_income = forms.BooleanField(label=field_label(Review, "checked_income"))
    checked_assets = forms.BooleanField(label=field_label(Review, "checked_assets"))
    checked_members = forms.BooleanField(label=field_label(Review, "checked_members"))
    visited_on = forms.CharField(label=field_label(Review, "visited_on"), widget=date_input())
    findings = forms.CharField(
        label=field_label(Review, "findings"), widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = choice(Review, "outcome", Outcome)
    effective_on = forms.CharField(
        label=field_label(Review, "effective_on"),
        widget=date_input(),
        help_text=_("A raise or a lower applies from the first of this month."),
    )
    stop_reason = choice(Review, "stop_reason", StopReason)
    reason_text = forms.CharField(
        label=field_label(Review, "reason_text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the notice to the household."),
    )
    exit_months = forms.CharField(
        label=field_label(Review, "exit_months"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    overpaid_from = forms.CharField(
        label=field_label(Review, "overpaid_from"),
        widget=month_input(),
        help_text=_("False statements only: what was paid since this month is to be recovered."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecideForm(ServiceForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CampaignForm(ServiceForm):
    required_inputs: ClassVar[tuple[str, ...]] = ("year", "due_on")

    year = forms.CharField(label=field_label(Campaign, "year"), widget=forms.TextInput(attrs={"size": 6}))
    due_on = forms.CharField(label=field_label(Campaign, "due_on"), widget=date_input())


def initial_record(review: Review) -> dict[str, Any]:
    values = {name: getattr(review, name) for name in RecordForm.base_fields if hasattr(review, name)}
    values["effective_on"] = review.effective_on.isoformat() if review.effective_on else ""
    values["visited_on"] = review.visited_on.isoformat() if review.visited_on else ""
    values["overpaid_from"] = f"{review.overpaid_from:%Y-%m}" if review.overpaid_from else ""
    return values
