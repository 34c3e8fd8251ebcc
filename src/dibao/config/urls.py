from django.urls import include, path

from dibao.core.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("", include("dibao.desk.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("dibao.accounts.urls")),
    path("areas/", include("dibao.areas.urls")),
    path("households/", include("dibao.registry.urls")),
    path("roster/recipients/", include("dibao.benefits.recipients.urls")),
    path("roster/", include("dibao.registry.roster.urls")),
    path("audit/", include("dibao.core.urls")),
    path("jobs/", include("dibao.core.jobs.urls")),
    path("policy/", include("dibao.policy.urls")),
    path("benefits/", include("dibao.benefits.urls")),
    path("workdays/", include("dibao.workdays.urls")),
    path("cases/", include("dibao.cases.urls")),
    path("payroll/", include("dibao.payroll.urls")),
    path("reviews/", include("dibao.reviews.urls")),
    path("assistance/", include("dibao.assistance.urls")),
    path("labour/", include("dibao.labour.urls")),
    path("outreach/", include("dibao.outreach.urls")),
    path("casefiles/", include("dibao.casefiles.urls")),
    path("crosschecks/", include("dibao.crosschecks.urls")),
    path("complaints/", include("dibao.complaints.urls")),
    path("statistics/", include("dibao.statistics.urls")),
    path("api/v1/", include("dibao.config.api_urls")),
]

# Django's own error answers are JSON under /api/ (core.api.fallbacks), the usual pages elsewhere.
handler400 = "dibao.core.api.fallbacks.bad_request"
handler403 = "dibao.core.api.fallbacks.permission_denied"
handler404 = "dibao.core.api.fallbacks.page_not_found"
handler500 = "dibao.core.api.fallbacks.server_error"
