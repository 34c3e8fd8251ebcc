"""The sections of a household's case file, in the order the file is bound: the order of the
contents page, fixed whatever the household has (an empty section is listed as such)."""

from django.utils.translation import gettext_lazy as _

REGISTRATION = "registration"
APPLICATIONS = "applications"
INVESTIGATIONS = "investigations"
APPRAISALS = "appraisals"
NOTICES = "notices"
DECISIONS = "decisions"
REVIEWS = "reviews"
CHANGES = "changes"
PAYMENTS = "payments"

SECTIONS = (
    (REGISTRATION, _("Household registration")),
    (APPLICATIONS, _("Applications and their materials")),
    (INVESTIGATIONS, _("Home investigation records")),
    (APPRAISALS, _("Democratic appraisal minutes")),
    (NOTICES, _("Public notices")),
    (DECISIONS, _("Approvals and decisions")),
    (REVIEWS, _("Reviews")),
    (CHANGES, _("Notices of change")),
    (PAYMENTS, _("Payment history")),
)
