from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosschecksConfig(AppConfig):
    name = "dibao.crosschecks"
    verbose_name = _("Cross-checks")

    def ready(self) -> None:
        from dibao.core.work import WORK

        from . import jobs  # noqa: F401  (registers the import's job runner)
        from .work import KIND, flags_to_work

        WORK.register(KIND, flags_to_work)
