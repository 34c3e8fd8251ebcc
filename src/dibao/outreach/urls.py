from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.service_list, name="service-list"),
    path("services/usual/", views.service_seed, name="service-seed"),
    path("services/<id:pk>/", views.service_entries, name="service-entries"),
    path("services/<id:pk>/edit/", views.service_edit, name="service-edit"),
    path("services/<id:pk>/entries.xlsx", views.service_entries_xlsx, name="service-entries-xlsx"),
    path("entries/<id:pk>/", views.entry_detail, name="entry-detail"),
    path("entries/<id:pk>/step/", views.entry_step, name="entry-step"),
    path("entries/<id:pk>/withdraw/", views.entry_withdraw, name="entry-withdraw"),
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/<id:pk>/", views.referral_detail, name="referral-detail"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures-xlsx"),
]
