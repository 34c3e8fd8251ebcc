from django.urls import path

from .views import appraisal, case, create, notices, printed, records, relatives, steps, worklist

app_name = "cases"
urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("due/", worklist.due, name="due"),
    path("new/", create.application_create, name="application-create"),
    path("<int:pk>/", case.case_detail, name="case-detail"),
    path("<int:pk>/steps/<slug:step>/", steps.step_take, name="step"),
    path("<int:pk>/materials/", records.material_add, name="material-add"),
    path("<int:pk>/investigations/", records.investigation_add, name="investigation-add"),
    path("<int:pk>/verifications/", records.verification_add, name="verification-add"),
    path("<int:pk>/objections/<int:objection>/resolve/", records.objection_resolve, name="objection-resolve"),
    path("<int:pk>/deadline/", records.deadline_extend, name="deadline-extend"),
    path("<int:pk>/print/<slug:form>/", printed.case_print, name="case-print"),
    path("materials/<int:pk>/file/", records.material_file, name="material-file"),
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/new/", notices.notice_create, name="notice-create"),
    path("notices/<int:pk>/poster/", notices.notice_poster, name="notice-poster"),
    path("panel/", appraisal.panel, name="panel"),
    path("appraisal/new/", appraisal.appraisal_create, name="appraisal-create"),
    path("appraisal/<int:pk>/minutes/", appraisal.appraisal_minutes, name="appraisal-minutes"),
    path("close-relatives/", relatives.close_relatives, name="close-relatives"),
]
