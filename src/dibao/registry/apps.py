from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "dibao.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from .roster import jobs  # noqa: F401  (registers the roster import's job runner)
