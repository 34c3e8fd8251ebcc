from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("new/", views.area_create, name="area-create"),
    path("<str:code>/rename/", views.area_rename, name="area-rename"),
]
