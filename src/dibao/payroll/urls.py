from django.urls import path

from .views import detail, files, runs, steps

app_name = "payroll"
urlpatterns = [
    path("", runs.run_list, name="run-list"),
    path("draft/", runs.run_draft, name="run-draft"),
    path("<id:pk>/", detail.run_detail, name="run-detail"),
    path("<id:pk>/draft/", runs.run_redraft, name="run-redraft"),
    path("<id:pk>/check/", steps.run_check, name="run-check"),
    path("<id:pk>/approve/", steps.run_approve, name="run-approve"),
    path("<id:pk>/close/", steps.run_close, name="run-close"),
    path("<id:pk>/bank-file/", files.run_bank_file, name="run-bank-file"),
    path("<id:pk>/results/", files.run_results, name="run-results"),
    path("<id:pk>/roster/<id:community>.<str:fmt>", files.run_roster, name="run-roster"),
]
