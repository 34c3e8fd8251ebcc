from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "dibao.cases"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from dibao.core.panels import HOUSEHOLD_PAGE

        from .household_panel import programs_panel

        HOUSEHOLD_PAGE.register(
            "programs_panel", template="cases/includes/programs_panel.html", build=programs_panel
        )

        from . import jobs  # noqa: F401  (registers the register import's job runner)
        from .work import register

        register()  # the desk's applications, notices ending and found cases (core.work)
