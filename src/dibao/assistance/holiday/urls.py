from django.urls import path

from . import views

urlpatterns = [
    path("", views.campaign_list, name="holiday-list"),
    path("<id:campaign>/", views.campaign_detail, name="holiday-detail"),
    path("<id:campaign>/totals.xlsx", views.totals_xlsx, name="holiday-totals"),
    path("<id:campaign>/<id:community>/list.pdf", views.signed_list, name="holiday-list-pdf"),
    path("recipients/<id:pk>/", views.recipient_detail, name="holiday-recipient"),
    path("recipients/<id:pk>/deliver/", views.recipient_deliver, name="holiday-deliver"),
    path("recipients/<id:pk>/remove/", views.recipient_remove, name="holiday-remove"),
]
