from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.audit_list, name="audit-list"),
    path("export/", views.audit_export, name="audit-export"),
    path("anchors/", views.audit_anchor_list, name="audit-anchors"),
]
