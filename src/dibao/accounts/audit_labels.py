"""What the log-in tokens' entries note, in words (core.audit_labels)."""

from django.utils.translation import gettext_lazy as _

from dibao.core import audit_labels

from .services import EXPIRED

audit_labels.notes("accounts.apitoken", {EXPIRED: _("Expired")})
