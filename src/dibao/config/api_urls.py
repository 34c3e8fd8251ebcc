"""The REST API, /api/v1/: each app's view sets on one router, log-in, and the OpenAPI schema."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from dibao.accounts.api import MeView, TokenView
from dibao.areas.api import AreaViewSet
from dibao.core.api.views import endpoint_not_found
from dibao.registry.api import AssetViewSet, HouseholdViewSet, IncomeViewSet, MemberViewSet

router = DefaultRouter(use_regex_path=False)
# One way to ask for JSON (the Accept header), not a `.json` twin of every path.
router.include_format_suffixes = False
router.register("areas", AreaViewSet, basename="area")
router.register("households", HouseholdViewSet, basename="household")
router.register("members", MemberViewSet, basename="member")
router.register("incomes", IncomeViewSet, basename="income")
router.register("assets", AssetViewSet, basename="asset")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/me/", MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
    re_path(r".*", endpoint_not_found),
]
