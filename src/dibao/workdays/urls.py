from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("days/", views.day_set, name="day-set"),
    path("days/<str:day>/remove/", views.day_remove, name="day-remove"),
]
