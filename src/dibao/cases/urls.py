from django.urls import path

from .views import (
    appraisal,
    case,
    create,
    found,
    notices,
    printed,
    records,
    relatives,
    spot_checks,
    steps,
    worklist,
)

app_name = "cases"
urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("due/", worklist.due, name="due"),
    path("found/", found.found_list, name="found"),
    path("new/", create.application_create, name="application-create"),
    path("<id:pk>/", case.case_detail, name="case-detail"),
    path("<id:pk>/steps/<slug:step>/", steps.step_take, name="step"),
    path("<id:pk>/materials/", records.material_add, name="material-add"),
    path("<id:pk>/materials/checklist/", records.materials_check, name="materials-check"),
    path("<id:pk>/investigations/", records.investigation_add, name="investigation-add"),
    path("<id:pk>/verifications/", records.verification_add, name="verification-add"),
    path("<id:pk>/objections/<id:objection>/resolve/", records.objection_resolve, name="objection-resolve"),
    path("<id:pk>/spot-check/", records.spot_check_add, name="spot-check-add"),
    path("<id:pk>/deadline/", records.deadline_extend, name="deadline-extend"),
    path("<id:pk>/print/<slug:form>/", printed.case_print, name="case-print"),
    path("materials/<id:pk>/file/", records.material_file, name="material-file"),
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/new/", notices.notice_create, name="notice-create"),
    path("notices/<id:pk>/poster/", notices.notice_poster, name="notice-poster"),
    path("panel/", appraisal.panel, name="panel"),
    path("appraisal/new/", appraisal.appraisal_create, name="appraisal-create"),
    path("appraisal/<id:pk>/minutes/", appraisal.appraisal_minutes, name="appraisal-minutes"),
    path("spot-checks/", spot_checks.spot_check_report, name="spot-checks"),
    path("close-relatives/", relatives.close_relatives, name="close-relatives"),
]
