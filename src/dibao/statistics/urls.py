from django.urls import path

from . import return_views, views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("returns/monthly/", return_views.monthly_return_page, name="monthly_return"),
    path("returns/year-end/", return_views.year_end_page, name="year_end"),
    path("population/", views.population_page, name="population"),
    path("population/import/", views.population_upload, name="population_import"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
]
