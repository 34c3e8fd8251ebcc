"""The upload form of the import page."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area
from dibao.core.sheets.bounds import Limits, too_large
from dibao.core.sheets.reader import SPREADSHEETS, TEXTS
from dibao.core.uploads import upload_limit_text, upload_max_bytes


class RosterUploadForm(forms.Form):
    # A community, or a street or the county: then each row's 社区 says which of its communities.
    community = forms.ChoiceField(
        label=_("Import into"),
        help_text=_(
            "A community, or a street or the county: then the file's 社区 column names each "
            "household's community, as an export of that area writes it."
        ),
    )
    file = forms.FileField(
        label=_("Roster file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only"),
        required=False,
        help_text=_("Check every row and show the errors, but import nothing."),
    )

    def __init__(self, *args: Any, communities: list[Area], **kwargs: Any) -> None:
        """`communities`: the areas offered (the user's own and those below it)."""
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "xlsx or CSV (UTF-8 or GBK), one row per member, at most %(size)s."
        ) % {"size": upload_limit_text()}
        field = cast(forms.ChoiceField, self.fields["community"])
        field.choices = [(c.code, f"{c.name} ({c.code})") for c in communities]
        if len(communities) == 1:
            self.fields["community"].initial = communities[0].code

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SPREADSHEETS + TEXTS):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        # Checked before anything reads it (uploads past the limit arrive cut off one byte after it).
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(str(too_large(Limits.current())))
        return upload
