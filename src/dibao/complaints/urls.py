from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="complaint-list"),
    path("new/", views.complaint_new, name="complaint-new"),
    path("report/", views.report_page, name="report"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("<id:pk>/", views.complaint_detail, name="complaint-detail"),
    path("<id:pk>/accept/", views.complaint_accept, name="complaint-accept"),
    path("<id:pk>/transfer/", views.complaint_transfer, name="complaint-transfer"),
    path("<id:pk>/assign/", views.complaint_assign, name="complaint-assign"),
    path("<id:pk>/investigate/", views.complaint_investigate, name="complaint-investigate"),
    path("<id:pk>/extend/", views.complaint_extend, name="complaint-extend"),
    path("<id:pk>/notes/", views.complaint_note, name="complaint-note"),
    path("<id:pk>/find/", views.complaint_find, name="complaint-find"),
    path("<id:pk>/reply/", views.complaint_reply, name="complaint-reply"),
    path("<id:pk>/review/", views.complaint_review, name="complaint-review"),
    path("<id:pk>/correct/", views.complaint_correct, name="complaint-correct"),
    path("notes/<id:pk>/file/", views.note_file, name="note-file"),
    path("<id:pk>/close/", views.complaint_close, name="complaint-close"),
]
