from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "dibao.benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from dibao.core.panels import HOUSEHOLD_PAGE

        from .household_panel import assessment_panel

        HOUSEHOLD_PAGE.register(
            "assessment_panel", template="benefits/includes/assessment_panel.html", build=assessment_panel
        )

        from . import jobs  # noqa: F401  (registers the confirmation's job runner)
        from .work import register

        register()  # the desk's households to complete (core.work)
