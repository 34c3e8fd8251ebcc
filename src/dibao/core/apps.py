from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dibao.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import (
            audit_export,  # noqa: F401  (registers the audit trail's export job)
            lookups,  # noqa: F401  (registers the `prefix` lookup)
        )
        from .ids import IdConverter

        # `<id:pk>` in every URL that names a row (see core.ids): registered before any URLconf loads.
        register_converter(IdConverter, "id")
