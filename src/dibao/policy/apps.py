from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_catalogue(sender: AppConfig, using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    """Seed the programs again where the table is empty: `flush` (and a test that empties the
    database) removes the rows migration 0003 seeded, and every ledger row points at one.
    `migrate` passes the models as migrated; `flush` passes none, and the current ones serve."""
    apps = apps or global_apps
    try:
        program = apps.get_model("policy", "Program")
    except LookupError:  # migrated to before the catalogue existed
        return
    if not program.objects.using(using).exists():
        import_module("dibao.policy.migrations.0003_programs").seed(apps, None)


class PolicyConfig(AppConfig):
    name = "dibao.policy"
    verbose_name = _("Policy")

    def ready(self) -> None:
        post_migrate.connect(restore_catalogue, sender=self, dispatch_uid="policy-restore-catalogue")
        from . import jobs  # noqa: F401  (registers the "what if" workbook's job runner)
