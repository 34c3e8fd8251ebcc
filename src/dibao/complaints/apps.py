from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "dibao.complaints"
    verbose_name = _("Complaints and petitions")

    def ready(self) -> None:
        from dibao.core.work import WORK

        from .work import complaints_due

        WORK.register("complaint", complaints_due)
