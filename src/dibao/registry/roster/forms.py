"""The upload form of the import page."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area

from .reader import MAX_BYTES, SPREADSHEETS, TEXTS


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
        help_text=_("xlsx or CSV (UTF-8 or GBK), one row per member, at most 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.csv,.txt"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only"),
        required=False,
        help_text=_("Check every row and show the errors, but import nothing."),
    )

    def __init__(self, *args: Any, communities: list[Area], **kwargs: Any) -> None:
        """`communities`: the areas offered (the user's own and those below it)."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["community"])
        field.choices = [(c.code, f"{c.name} ({c.code})") for c in communities]
        if len(communities) == 1:
            self.fields["community"].initial = communities[0].code

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SPREADSHEETS + TEXTS):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
