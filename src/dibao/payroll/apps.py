from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "dibao.payroll"
    verbose_name = _("Payroll")

    def ready(self) -> None:
        from dibao.benefits.paid import answer_paid_through

        from .selectors import county_paid_through

        answer_paid_through(county_paid_through)

        from dibao.assistance.paying import BANK_LAYOUTS, RELEASERS

        from .bankfile import layout_for
        from .services.grants import release_grant_line

        RELEASERS.append(release_grant_line)
        BANK_LAYOUTS.append(layout_for)

        from . import jobs  # noqa: F401  (registers the draft's job runner)
        from .work import register

        register()  # the desk's runs to check or approve (core.work)
