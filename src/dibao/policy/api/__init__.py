"""The policy engine's REST API: standards and rules, the policy in force, a household's
assessment, and "what if". Reads start from the selectors, writes go through the services (which
check role and area and audit); the serializers only shape input and output. Registered in
config/api_urls.py; the benefits side (recalculations, entitlements) is `dibao.benefits.api`."""

from .assessment import HouseholdAssessmentView
from .in_force import InForceView
from .programs import ProgramViewSet
from .simulation import SimulateView
from .standards import RulesViewSet, StandardViewSet

__all__ = [
    "HouseholdAssessmentView",
    "InForceView",
    "ProgramViewSet",
    "RulesViewSet",
    "SimulateView",
    "StandardViewSet",
]
