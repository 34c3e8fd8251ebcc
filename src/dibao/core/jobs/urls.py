from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<id:job_id>/", views.job_detail, name="detail"),
    path("<id:job_id>/file/", views.job_file, name="file"),
]
