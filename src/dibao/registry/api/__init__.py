"""The register's REST API: households, members, incomes and assets;
members' supporters and self-care assessments, households' rigid spending; the roster import and
export.

Reads start from the selectors (scoped to the user's area), writes go through the services
(validated, checked for role and area, audited); the serializers here only shape what goes in and
comes out. Registered in config/api_urls.py.
"""

from .exports import RosterExportView
from .facts import CareAssessmentViewSet, RigidSpendingViewSet, SupporterViewSet
from .households import HouseholdViewSet
from .imports import RosterImportView
from .means import AssetViewSet, IncomeViewSet
from .members import MemberViewSet

__all__ = [
    "AssetViewSet",
    "CareAssessmentViewSet",
    "HouseholdViewSet",
    "IncomeViewSet",
    "MemberViewSet",
    "RigidSpendingViewSet",
    "RosterExportView",
    "RosterImportView",
    "SupporterViewSet",
]
