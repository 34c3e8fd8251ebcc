from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "dibao.outreach"
    verbose_name = _("Services and jobs")

    def ready(self) -> None:
        from dibao.core.panels import HOUSEHOLD_PAGE
        from dibao.core.work import WORK

        from .household_panel import outreach_panel
        from .work import cards_to_deliver

        HOUSEHOLD_PAGE.register(
            "outreach_panel", template="outreach/includes/household_panel.html", build=outreach_panel
        )
        WORK.register("service_delivery", cards_to_deliver)
