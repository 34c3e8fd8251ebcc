"""The upload form of the recipients page: the roster's, without a community to choose (each
row names its own), with what a payment roster needs besides: the month it pays from and the
households' urban/rural category where it has no 城乡 column."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.core.forms import MonthField
from dibao.core.uploads import upload_limit_text
from dibao.registry.models import UrbanRural
from dibao.registry.roster.forms import RosterUploadForm


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, communities=[], **kwargs)
        del self.fields["community"]
        self.fields["file"].help_text = _(
            "xlsx or CSV (UTF-8 or GBK): one row per member, with 社区, 保障类别, 月保障金 and 起始年月 "
            "on each head's row, or the county's payment roster, one row per household; at most %(size)s."
        ) % {"size": upload_limit_text()}
