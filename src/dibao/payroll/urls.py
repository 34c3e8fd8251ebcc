from django.urls import path

from .views import detail, files, runs, steps

app_name = "payroll"
urlpatterns = [
    path("", runs.run_list, name="run-list"),
    path("draft/", runs.run_draft, name="run-draft"),
    path("<int:pk>/", detail.run_detail, name="run-detail"),
    path("<int:pk>/draft/", runs.run_redraft, name="run-redraft"),
    path("<int:pk>/check/", steps.run_check, name="run-check"),
    path("<int:pk>/approve/", steps.run_approve, name="run-approve"),
    path("<int:pk>/close/", steps.run_close, name="run-close"),
    path("<int:pk>/bank-file/", files.run_bank_file, name="run-bank-file"),
    path("<int:pk>/results/", files.run_results, name="run-results"),
    path("<int:pk>/roster/<int:community>.<str:fmt>", files.run_roster, name="run-roster"),
]
