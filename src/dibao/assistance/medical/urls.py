"""The 医疗救助 pages, mounted under /assistance/medical/ by `assistance.urls`."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.claim_list, name="medical-claims"),
    path("new/", views.claim_create, name="medical-claim-create"),
    path("<id:pk>/", views.claim_detail, name="medical-claim"),
    path("<id:pk>/decide/", views.claim_decide_page, name="medical-claim-decide"),
    path("settlements/", views.settlement_list, name="medical-settlements"),
    path("settlements/<id:pk>/", views.settlement_detail, name="medical-settlement"),
    path("settlements/<id:pk>/disputed.xlsx", views.settlement_disputed_xlsx, name="medical-settlement-xlsx"),
]
