"""The change report (变更情况), under /reviews/changes/ in the `reviews` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.change_report_page, name="change-report"),
    path("xlsx/", views.change_report_xlsx_download, name="change-report-xlsx"),
]
