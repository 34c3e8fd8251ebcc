"""What a payroll run's entries note, in words (core.audit_labels)."""

from django.utils.translation import gettext_lazy as _

from dibao.core import audit_labels

from .models import RunState

audit_labels.notes(
    "payroll.run",
    {
        "draft": _("Payroll drafted"),
        "check #": _("Checked by a street"),
        "approve": _("Payroll approved"),
        RunState.EXPORTED.value: RunState.EXPORTED.label,
        RunState.PAID.value: RunState.PAID.label,
        RunState.CLOSED.value: RunState.CLOSED.label,
        "bank file": _("Bank file exported"),
        "bank results": _("Bank results imported"),
        "line of grant # removed": _("A cancelled grant's line removed"),
    },
)
