"""What holiday relief's entries note, in words (core.audit_labels)."""

from django.utils.translation import gettext_lazy as _

from dibao.core import audit_labels

audit_labels.notes("assistance.holidaycampaign", {"holiday campaign": _("Holiday relief campaign set up")})
audit_labels.notes(
    "assistance.holidayrecipient",
    {
        "holiday: selected": _("Selected for holiday relief"),
        "holiday: no longer meets the criteria": _("No longer meets the holiday relief criteria"),
    },
)
