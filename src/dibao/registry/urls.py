from django.urls import path

from .views import categories, facts, households, means, members

app_name = "registry"
urlpatterns = [
    path("", households.household_list, name="household-list"),
    path("new/", households.household_create, name="household-create"),
    path("categories/", categories.category_list, name="household-categories"),
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
    path("<id:pk>/supporters/new/", facts.supporter_add, name="supporter-add"),
    path("supporters/<id:pk>/edit/", facts.supporter_edit, name="supporter-edit"),
    path("supporters/<id:pk>/delete/", facts.supporter_delete, name="supporter-delete"),
    path("<id:pk>/care-assessments/new/", facts.care_assessment_add, name="care-assessment-add"),
    path("care-assessments/<id:pk>/delete/", facts.care_assessment_delete, name="care-assessment-delete"),
    path("<id:pk>/rigid-spending/new/", facts.rigid_spending_add, name="rigid-spending-add"),
    path("rigid-spending/<id:pk>/edit/", facts.rigid_spending_edit, name="rigid-spending-edit"),
    path("rigid-spending/<id:pk>/delete/", facts.rigid_spending_delete, name="rigid-spending-delete"),
]
