from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "dibao.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from dibao.payroll import closing

        from . import jobs

        closing.on_close("statistics-snapshot", jobs.month_closed)
