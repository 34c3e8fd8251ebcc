from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "dibao.reviews"
    verbose_name = _("Dynamic management")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the annual review's job runner)
        from .report import jobs as report_jobs  # noqa: F401  (and the change report's workbook)
        from .work import register

        register()  # the desk's reviews due and waiting for approval (core.work)
