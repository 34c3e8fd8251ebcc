from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.core.service_forms import ServiceForm, field_label

from .models import Area, Level

_INDENT = {Level.COUNTY: "", Level.STREET: "\u3000", Level.COMMUNITY: "\u3000\u3000"}


def area_choices(areas: QuerySet[Area] | list[Area]) -> list[tuple[str, str]]:
    """Areas as select options by code, indented by level so that the tree shows in a flat list."""
    return [(a.code, f"{_INDENT.get(Level(a.level), '')}{a.name}") for a in areas]


class AreaCreateForm(ServiceForm):
    required_inputs = ("code", "name", "level", "parent")

    code = forms.CharField(
        label=field_label(Area, "code"),
        max_length=12,
        help_text=_(
            "12 digits, beginning with the parent's code: street 210204001000, community 210204001001."
        ),
    )
    name = forms.CharField(label=field_label(Area, "name"), max_length=60)
    # A county is created once, from the command line; pages add streets and communities within it.
    level = forms.ChoiceField(
        label=field_label(Area, "level"),
        choices=[
            ("", "---------"),
            (Level.STREET, Level.STREET.label),
            (Level.COMMUNITY, Level.COMMUNITY.label),
        ],
    )
    parent = forms.ChoiceField(label=field_label(Area, "parent"))

    def __init__(self, *args: Any, parents: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = [("", "---------"), *area_choices(parents)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service takes a level and a parent area, not blanks: missing ones are caught here.
        for name in ("level", "parent"):
            if not data.get(name):
                self.add_error(name, _("This field is required."))
        return data


class AreaRenameForm(ServiceForm):
    required_inputs = ("name",)

    name = forms.CharField(label=field_label(Area, "name"), max_length=60)


class CommunityFilterForm(forms.Form):
    """`?community=CODE` on a list page: one of the communities the user sees (a single community's
    worker gets no choice to make, `shown` is then False)."""

    community = forms.ChoiceField(label=_("Community"), required=False)

    def __init__(self, *args: Any, communities: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communities = {a.code: a for a in communities.order_by("code")}
        options = [("", _("All communities")), *((a.code, a.name) for a in self.communities.values())]
        cast(forms.ChoiceField, self.fields["community"]).choices = options
        self.shown = len(self.communities) > 1

    def chosen(self) -> Area | None:
        if not self.is_valid():
            return None
        return self.communities.get(self.cleaned_data.get("community") or "")
