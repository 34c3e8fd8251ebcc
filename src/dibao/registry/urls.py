from django.urls import path

from .views import households, means, members

app_name = "registry"
urlpatterns = [
    path("", households.household_list, name="household-list"),
    path("new/", households.household_create, name="household-create"),
    path("<int:pk>/", households.household_detail, name="household-detail"),
    path("<int:pk>/edit/", households.household_edit, name="household-edit"),
    path("<int:pk>/status/", households.household_status, name="household-status"),
    path("<int:pk>/audit/", households.household_audit, name="household-audit"),
    path("<int:pk>/members/new/", members.member_add, name="member-add"),
    path("members/<int:pk>/edit/", members.member_edit, name="member-edit"),
    path("members/<int:pk>/remove/", members.member_remove, name="member-remove"),
    path("members/<int:pk>/reveal-id/", members.member_reveal_id, name="member-reveal-id"),
    path("<int:pk>/incomes/new/", means.income_add, name="income-add"),
    path("incomes/<int:pk>/edit/", means.income_edit, name="income-edit"),
    path("incomes/<int:pk>/delete/", means.income_delete, name="income-delete"),
    path("<int:pk>/assets/new/", means.asset_add, name="asset-add"),
    path("assets/<int:pk>/edit/", means.asset_edit, name="asset-edit"),
    path("assets/<int:pk>/delete/", means.asset_delete, name="asset-delete"),
]
