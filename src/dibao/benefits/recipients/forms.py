"""The upload form of the recipients page: the roster's, without a community to choose (each
head's row names its own)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.core.uploads import upload_limit_text
from dibao.registry.roster.forms import RosterUploadForm


class RecipientUploadForm(RosterUploadForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, communities=[], **kwargs)
        del self.fields["community"]
        self.fields["file"].help_text = _(
            "xlsx or CSV (UTF-8 or GBK), one row per member, with 社区, 保障类别, 月保障金 and 起始年月 "
            "on each head's row; at most %(size)s."
        ) % {"size": upload_limit_text()}
