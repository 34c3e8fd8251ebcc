from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from dibao.core.service_forms import ServiceForm, field_label

from .models import Area, Level

_INDENT: dict[str, str] = {Level.COUNTY: "", Level.STREET: "\u3000", Level.COMMUNITY: "\u3000\u3000"}


def area_choices(areas: QuerySet[Area] | list[Area]) -> list[tuple[str, str]]:
    """Areas as select options by code, indented by level so that the tree shows in a flat list.

    A query is read as three columns, not as areas: a county's hundreds of areas built as models
    (each with its parent, which `visible_areas` joins) took longer than the rest of a list page."""
    rows: Iterable[tuple[str, str, str]]
    if isinstance(areas, QuerySet):
        rows = areas.values_list("code", "name", "level")
    else:
        rows = ((a.code, a.name, a.level) for a in areas)
    return [(code, f"{_INDENT.get(level, '')}{name}") for code, name, level in rows]


class AreaSelect(forms.Select):
    """A select of areas, its options written directly rather than through a template each.

    A county has hundreds of communities; Django draws every option through its own template, and
    on the household list of a 300-community county that one input took most of the page's time.
    The HTML is the same as `forms.Select`'s (area choices are flat: no option groups)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        wanted = set(self.format_value(value))
        options = []
        found = False
        for choice, label in self.choices:
            choice = "" if choice is None else str(choice)
            selected = not found and choice in wanted  # as Select: the first match only
            found = found or selected
            options.append(
                f'<option value="{escape(choice)}"{" selected" if selected else ""}>'
                f"{conditional_escape(cast(str, label))}</option>"
            )
        select_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{select_attrs}>{"".join(options)}</select>')


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
