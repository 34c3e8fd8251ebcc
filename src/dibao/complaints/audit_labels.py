"""What complaints' entries keep besides their fields, in words (core.audit_labels)."""

from django.utils.translation import gettext_lazy as _

from dibao.core import audit_labels

# Whether the complainant left a name, phone or ID number: never which (services.py).
audit_labels.fields("complaints.complaint", {"complainant_known": _("Complainant named")})
audit_labels.fields("complaints.note", {"complaint": _("Complaint")})
# The report's workbook taken out: its entry is the area's.
audit_labels.fields("areas.area", {"report": _("Report"), "months": _("Months")})
