from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("population/", views.population_page, name="population"),
    path("population/import/", views.population_upload, name="population_import"),
]
