from django.urls import path

from . import views

app_name = "roster"
urlpatterns = [
    path("", views.upload, name="import"),
    path("imports/<id:pk>/", views.result, name="result"),
    path("imports/<id:pk>/errors.json", views.errors_json, name="errors-json"),
    path("imports/<id:pk>/errors.xlsx", views.errors_xlsx, name="errors-xlsx"),
    path("template.xlsx", views.template, name="template"),
    path("export/", views.export, name="export"),
]
