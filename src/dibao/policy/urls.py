from django.urls import path

from .views import editing, in_force, programs, simulate

app_name = "policy"
urlpatterns = [
    path("", in_force.policy_in_force, name="in-force"),
    path("rules/new/", editing.rules_new, name="rules-new"),
    path("simulate/", simulate.simulate_page, name="simulate"),
    path("programs/", programs.program_list, name="programs"),
    path("programs/<slug:code>/", programs.program_detail, name="program"),
    path("programs/<slug:code>/terms/new/", programs.program_terms_new, name="program-terms-new"),
    path("simulate/xlsx/", simulate.simulate_xlsx, name="simulate-xlsx"),
]
