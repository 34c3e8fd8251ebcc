from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "dibao.benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the confirmation's job runner)
