from django.urls import path

from . import care_homes, views

app_name = "benefits"
urlpatterns = [
    path("standards/new/", views.standard_add, name="standard-add"),
    path("recalculations/", views.recalculation_list, name="recalculation-list"),
    path("recalculations/<id:pk>/", views.recalculation_detail, name="recalculation-detail"),
    path("recalculations/<id:pk>/confirm/", views.recalculation_confirm, name="recalculation-confirm"),
    path("recalculations/<id:pk>/discard/", views.recalculation_discard, name="recalculation-discard"),
    path("care-homes/", care_homes.care_home_list, name="care-home-list"),
    path("care-homes/new/", care_homes.care_home_add, name="care-home-add"),
    path("care-homes/<id:pk>/", care_homes.care_home_edit, name="care-home-edit"),
]
