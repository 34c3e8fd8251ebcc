from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
]
