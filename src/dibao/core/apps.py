from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _partitions_ahead(using: str = "default", **kwargs: Any) -> None:
    """After every migrate, the coming months' partitions (PostgreSQL: a new month's rows never
    wait for a command to have run)."""
    from .services.partitions import ensure_months

    ensure_months(connections[using])


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
        post_migrate.connect(_partitions_ahead, sender=self, dispatch_uid="core_partitions_ahead")
