from django.urls import path

from . import views

app_name = "crosschecks"
urlpatterns = [
    path("", views.flag_list, name="index"),
    path("rule/", views.rule, name="rule"),
    path("flags/<id:pk>/", views.flag_detail, name="flag"),
    path("flags/<id:pk>/dismiss/", views.flag_dismiss, name="flag-dismiss"),
    path("flags/<id:pk>/review/", views.flag_review, name="flag-review"),
]
