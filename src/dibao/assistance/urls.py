from django.urls import include, path

from .medical import urls as medical
from .views import grants, posting, report, temporary

app_name = "assistance"
urlpatterns = [
    # 临时救助 and the grant ledger
    path("temporary/new/", temporary.temporary_apply_page, name="temporary-apply"),
    path("temporary/<id:pk>/help-first/", temporary.temporary_help_first_page, name="temporary-help-first"),
    path("temporary/posting/", posting.posting_choose, name="posting"),
    path("temporary/posting/<str:code>/", posting.posting_page, name="posting-community"),
    path("temporary/posting/<str:code>/pdf/", posting.posting_pdf, name="posting-pdf"),
    path("grants/", grants.grant_list, name="grant-list"),
    path("grants/<id:pk>/", grants.grant_detail, name="grant-detail"),
    path("grants/<id:pk>/cancel/", grants.grant_cancel, name="grant-cancel"),
    path("report/", report.report_page, name="report"),
    path("report/xlsx/", report.report_xlsx, name="report-xlsx"),
    # The county's disbursement batches of one-off grants, with their own bank file
    path("batches/", include("dibao.assistance.batches.urls")),
    # 节日慰问 (holiday relief)
    path("holiday/", include("dibao.assistance.holiday.urls")),
    # 医疗救助
    path("medical/", include(medical.urlpatterns)),
]
