from django.urls import path

from .views import editing, in_force, simulate

app_name = "policy"
urlpatterns = [
    path("", in_force.policy_in_force, name="in-force"),
    path("rules/new/", editing.rules_new, name="rules-new"),
    path("simulate/", simulate.simulate_page, name="simulate"),
    path("simulate/xlsx/", simulate.simulate_xlsx, name="simulate-xlsx"),
]
