"""The demo county's entries say so, in words (core.audit_labels)."""

from django.utils.translation import gettext_lazy as _

from dibao.core import audit_labels

audit_labels.notes("*", {"demo data": _("Demo data")})
