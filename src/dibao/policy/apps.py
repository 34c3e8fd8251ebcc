from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "dibao.policy"
    verbose_name = _("Policy")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the "what if" workbook's job runner)
