"""What the statistics page asks (GET: it writes nothing, so a table may be bookmarked and its xlsx
link carries the same inputs): the area, the months, the program and the breakdown."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.areas.forms import area_choices
from dibao.areas.models import Area
from dibao.core.forms import MonthField
from dibao.core.sheets.bounds import Limits, too_large
from dibao.core.sheets.reader import SPREADSHEETS, TEXTS
from dibao.core.uploads import upload_max_bytes
from dibao.policy.forms import program_choices
from dibao.policy.models import Program, ProgramKind
from dibao.policy.programs.in_force import display_name

from .fields import FIELDS, LABELS


class StatisticsForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"))
    month = MonthField(label=_("Month"))
    to = MonthField(label=_("To month"), required=False)
    program = forms.ChoiceField(label=_("Program"), required=False)
    by = forms.MultipleChoiceField(
        label=_("Break down by"),
        required=False,
        choices=[(name, LABELS[name]) for name in FIELDS],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, areas: QuerySet[Area] | list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = area_choices(list(areas))
        one_off = [(p.code, display_name(p)) for p in Program.objects.filter(kind=ProgramKind.ONE_OFF)]
        cast(forms.ChoiceField, self.fields["program"]).choices = [*program_choices(), *one_off]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        month, to = cleaned.get("month"), cleaned.get("to")
        if month is None and not self.errors.get("month"):
            self.add_error("month", _("This field is required."))
        if month and to and to < month:
            self.add_error("to", _("The period cannot end before it begins."))
        return cleaned


class MonthlyReturnForm(forms.Form):
    """The monthly return asks the area and the month."""

    area = forms.ChoiceField(label=_("Area"))
    month = MonthField(label=_("Month"))

    def __init__(self, *args: Any, areas: QuerySet[Area] | list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = area_choices(list(areas))


class YearEndForm(forms.Form):
    """The year-end figures ask the area and the year."""

    area = forms.ChoiceField(label=_("Area"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, areas: QuerySet[Area] | list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = area_choices(list(areas))


class PopulationForm(forms.Form):
    """The population of each of the county's areas in a year: a row per area (empty: none)."""

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            self.fields[f"population_{area.code}"] = forms.CharField(
                label=area.name,
                required=False,
                max_length=12,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
            )

    def rows(self) -> list[tuple[Area, Any]]:
        return [(area, self[f"population_{area.code}"]) for area in self.areas]

    def values(self) -> dict[str, Any]:
        return {area.code: self.cleaned_data.get(f"population_{area.code}", "") for area in self.areas}


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Population file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"}),
        help_text=_("xlsx or CSV: columns 区划代码 (or 区划名称), 年份 and 人口数, a row per area."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SPREADSHEETS + TEXTS):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(str(too_large(Limits.current())))
        return upload


class DashboardForm(forms.Form):
    """The month the dashboard ends with (this month when empty); the area is the address's."""

    area = forms.CharField(required=False, widget=forms.HiddenInput)
    month = MonthField(label=_("Month"), required=False)
