from django.urls import path

from . import views

app_name = "casefiles"
urlpatterns = [
    path("", views.area, name="area"),
    path("households/<id:pk>/print/", views.household_print, name="household-print"),
]
