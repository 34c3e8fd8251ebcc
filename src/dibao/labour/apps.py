from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    name = "dibao.labour"
    verbose_name = _("Public-welfare labour")

    def ready(self) -> None:
        from dibao.core.panels import HOUSEHOLD_PAGE
        from dibao.core.work import WORK

        from . import jobs  # noqa: F401  (registers the check's job runner)
        from .household_panel import labour_panel
        from .work import KIND, absences_to_follow

        HOUSEHOLD_PAGE.register("labour_panel", template="labour/household_panel.html", build=labour_panel)
        WORK.register(KIND, absences_to_follow)
