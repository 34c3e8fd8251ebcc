"""The recipients pages, under the roster's address (/roster/recipients/) where people look for them."""

from django.urls import path

from . import views

app_name = "recipients"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<id:pk>/", views.result, name="result"),
    path("<id:pk>/report.json", views.document, name="json"),
    path("template.xlsx", views.template, name="template"),
    path("payment-template.xlsx", views.payment_template, name="payment-template"),
    path("person-template.xlsx", views.person_template, name="person-template"),
]
