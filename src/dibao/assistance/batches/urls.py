from django.urls import path

from . import views

urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("<id:pk>/", views.batch_detail, name="batch-detail"),
    path("<id:pk>/approve/", views.batch_approve, name="batch-approve"),
    path("<id:pk>/bank-file/", views.batch_bank_file, name="batch-bank-file"),
    path("<id:pk>/roster/<str:fmt>/", views.batch_roster, name="batch-roster"),
]
