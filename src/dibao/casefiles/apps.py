from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefilesConfig(AppConfig):
    name = "dibao.casefiles"
    verbose_name = _("Case files")

    def ready(self) -> None:
        from dibao.core.panels import HOUSEHOLD_PAGE

        from . import jobs  # noqa: F401  (registers the area batch's job runner)
        from .household_panel import casefile_panel

        HOUSEHOLD_PAGE.register(
            "casefile_panel", template="casefiles/household_panel.html", build=casefile_panel
        )
