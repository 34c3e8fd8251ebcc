from django.urls import path

from .views import households, means, members

app_name = "registry"
urlpatterns = [
    path("", households.household_list, name="household-list"),
    path("new/", households.household_create, name="household-create"),
    path("<id:pk>/", households.household_detail, name="household-detail"),
    path("<id:pk>/edit/", households.household_edit, name="household-edit"),
    path("<id:pk>/status/", households.household_status, name="household-status"),
    path("<id:pk>/audit/", households.household_audit, name="household-audit"),
    path("<id:pk>/members/new/", members.member_add, name="member-add"),
    path("members/<id:pk>/edit/", members.member_edit, name="member-edit"),
    path("members/<id:pk>/remove/", members.member_remove, name="member-remove"),
    path("members/<id:pk>/reveal-id/", members.member_reveal_id, name="member-reveal-id"),
    path("<id:pk>/incomes/new/", means.income_add, name="income-add"),
    path("incomes/<id:pk>/edit/", means.income_edit, name="income-edit"),
    path("incomes/<id:pk>/delete/", means.income_delete, name="income-delete"),
    path("<id:pk>/assets/new/", means.asset_add, name="asset-add"),
    path("assets/<id:pk>/edit/", means.asset_edit, name="asset-edit"),
    path("assets/<id:pk>/delete/", means.asset_delete, name="asset-delete"),
]
