"""The upload form of the recipients page: the roster's, without a community to choose (each
row names its own), with what a payment roster needs besides: the month it pays from and the
households' urban/rural category where it has no 城乡 column."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.core.forms import MonthField
from dibao.core.uploads import upload_limit_text
from dibao.policy.models import Program
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import display_name
from dibao.registry.models import UrbanRural
from dibao.registry.roster.forms import RosterUploadForm

from .persons import PROGRAMS


def program_choices() -> list[tuple[str, str]]:
    """低保 and the programs whose list of persons is taken over, by their names (one query)."""
    wanted = (codes.DIBAO, *PROGRAMS)
    names = {p.code: display_name(p) for p in Program.objects.filter(code__in=wanted)}
    return [(code, names.get(code, code)) for code in wanted]


class RecipientUploadForm(RosterUploadForm):
    month_from = MonthField(
        label=_("First month paid"),
        required=False,
        help_text=_(
            "A payment roster (one row per household): the first month it pays. A member roster has its own."
        ),
    )
    urban_rural = forms.ChoiceField(
        label=_("Urban or rural"),
        choices=UrbanRural.choices,
        initial=UrbanRural.URBAN,
        required=False,
        help_text=_("A payment roster: its households' category where it has no 城乡 column."),
    )

    program = forms.ChoiceField(
        label=_("Program"),
        choices=[(codes.DIBAO, codes.DIBAO)],
        initial=codes.DIBAO,
        required=False,
        help_text=_(
            "低保 takes a member roster or a payment roster; a program that pays a person takes its list "
            "of persons, paid from the first month chosen."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, communities=[], **kwargs)
        del self.fields["community"]
        cast(forms.ChoiceField, self.fields["program"]).choices = program_choices()
        self.fields["file"].help_text = _(
            "xlsx or CSV (UTF-8 or GBK): one row per member, with 社区, 保障类别, 月保障金 and 起始年月 "
            "on each head's row, or the county's payment roster, one row per household; at most %(size)s."
        ) % {"size": upload_limit_text()}
