from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "dibao.assistance"
    verbose_name = _("One-off assistance")
