"""The form that makes a disbursement batch: the program (its waiting grants) and a title."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.policy.models import Program, ProgramKind
from dibao.policy.programs.in_force import display_name


class BatchCreateForm(forms.Form):
    program = forms.ChoiceField(label=_("Program"))
    title = forms.CharField(
        label=_("Title"), max_length=100, required=False, help_text=_("Leave empty for the usual title.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = Program.objects.filter(kind=ProgramKind.ONE_OFF)
        self.fields["program"].choices = [(p.code, display_name(p)) for p in rows]  # type: ignore[attr-defined]
