"""The REST API, /api/v1/: each app's view sets on one router, log-in, and the OpenAPI schema."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from dibao.accounts.api import LogoutView, MeView, TokenView
from dibao.areas.api import AreaViewSet
from dibao.assistance.api import GrantViewSet
from dibao.assistance.batches.api import BatchViewSet
from dibao.assistance.holiday.api import HolidayCampaignViewSet
from dibao.assistance.medical.api import ClaimViewSet, QuoteView, SettlementViewSet
from dibao.benefits.api import HouseholdEntitlementsView, RecalculationViewSet, StandardViewSet
from dibao.benefits.recipients.api import RecipientImportView
from dibao.cases.api import (
    ApplicationViewSet,
    AppraisalMeetingViewSet,
    CloseRelativeViewSet,
    NoticeViewSet,
    ObjectionViewSet,
    PanelMemberViewSet,
    RelativeFilingViewSet,
    SpotCheckDrawViewSet,
)
from dibao.cases.api.found import FoundView
from dibao.complaints.api import ComplaintViewSet
from dibao.core.api.views import endpoint_not_found
from dibao.core.jobs.api import JobViewSet
from dibao.crosschecks.api import CrossCheckFlagViewSet, CrossCheckImportViewSet
from dibao.desk.api import WorklistView
from dibao.labour.api import LabourSessionViewSet
from dibao.outreach.api import EntryViewSet, ReferralViewSet, ServiceViewSet
from dibao.payroll.api import PayrollRunViewSet
from dibao.policy.api import (
    HouseholdAssessmentView,
    InForceView,
    ProgramViewSet,
    RulesViewSet,
    SimulateView,
)
from dibao.registry.api import (
    AssetViewSet,
    CareAssessmentViewSet,
    HouseholdViewSet,
    IncomeViewSet,
    MemberViewSet,
    RigidSpendingViewSet,
    RosterExportView,
    RosterImportView,
    SupporterViewSet,
)
from dibao.reviews.api import ChangeReportView
from dibao.reviews.api.campaigns import CampaignViewSet
from dibao.reviews.api.reviews import ReviewsDueView, ReviewViewSet
from dibao.statistics.api import DashboardView, StatisticsView
from dibao.statistics.return_api import MonthlyReturnView

router = DefaultRouter(use_regex_path=False)
# One way to ask for JSON (the Accept header), not a `.json` twin of every path.
router.include_format_suffixes = False
router.register("areas", AreaViewSet, basename="area")
router.register("households", HouseholdViewSet, basename="household")
router.register("members", MemberViewSet, basename="member")
router.register("incomes", IncomeViewSet, basename="income")
router.register("assets", AssetViewSet, basename="asset")
router.register("supporters", SupporterViewSet, basename="supporter")
router.register("care-assessments", CareAssessmentViewSet, basename="care-assessment")
router.register("rigid-spending", RigidSpendingViewSet, basename="rigid-spending")
router.register("standards", StandardViewSet, basename="standard")
router.register("rules", RulesViewSet, basename="rules")
router.register("programs", ProgramViewSet, basename="program")
router.register("recalculations", RecalculationViewSet, basename="recalculation")
router.register("applications", ApplicationViewSet, basename="application")
router.register("grants", GrantViewSet, basename="grant")
router.register("objections", ObjectionViewSet, basename="objection")
router.register("notices", NoticeViewSet, basename="notice")
router.register("panel-members", PanelMemberViewSet, basename="panel-member")
router.register("appraisal-meetings", AppraisalMeetingViewSet, basename="appraisal-meeting")
router.register("close-relatives", CloseRelativeViewSet, basename="close-relative")
router.register("close-relative-filings", RelativeFilingViewSet, basename="close-relative-filing")
router.register("spot-check-draws", SpotCheckDrawViewSet, basename="spot-check-draw")
router.register("payroll-runs", PayrollRunViewSet, basename="payroll-run")
router.register("reviews", ReviewViewSet, basename="review")
router.register("review-campaigns", CampaignViewSet, basename="review-campaign")
router.register("jobs", JobViewSet, basename="job")
# One-off assistance: the county's disbursement batches, holiday relief
router.register("assistance/batches", BatchViewSet, basename="assistance-batch")
router.register("assistance/holiday-campaigns", HolidayCampaignViewSet, basename="holiday-campaign")
# 医疗救助
router.register("medical/claims", ClaimViewSet, basename="medical-claim")
router.register("medical/settlements", SettlementViewSet, basename="medical-settlement")
# 公益劳动
router.register("labour/sessions", LabourSessionViewSet, basename="labour-session")
router.register("crosschecks/flags", CrossCheckFlagViewSet, basename="crosscheck-flag")
router.register("crosschecks/imports", CrossCheckImportViewSet, basename="crosscheck-import")
# Services a community registers people for, and job referrals
router.register("outreach/services", ServiceViewSet, basename="outreach-service")
router.register("outreach/entries", EntryViewSet, basename="outreach-entry")
router.register("outreach/referrals", ReferralViewSet, basename="outreach-referral")
# 举报、投诉、信访
router.register("complaints", ComplaintViewSet, basename="complaint")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("auth/me/", MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("policy/in-force/", InForceView.as_view(), name="api-policy-in-force"),
    path("policy/simulate/", SimulateView.as_view(), name="api-policy-simulate"),
    path(
        "households/<id:pk>/assessment/", HouseholdAssessmentView.as_view(), name="api-household-assessment"
    ),
    path(
        "households/<id:pk>/entitlements/",
        HouseholdEntitlementsView.as_view(),
        name="api-household-entitlements",
    ),
    path("imports/roster/", RosterImportView.as_view(), name="api-import-roster"),
    path("exports/roster/", RosterExportView.as_view(), name="api-export-roster"),
    path("imports/recipients/", RecipientImportView.as_view(), name="api-import-recipients"),
    path("reviews/change-report/", ChangeReportView.as_view(), name="api-change-report"),
    path("reviews/due/", ReviewsDueView.as_view(), name="api-reviews-due"),
    path("found/", FoundView.as_view(), name="api-found"),
    path("worklist/", WorklistView.as_view(), name="api-worklist"),
    path("statistics/", StatisticsView.as_view(), name="api-statistics"),
    path("statistics/dashboard/", DashboardView.as_view(), name="api-statistics-dashboard"),
    path("statistics/returns/", MonthlyReturnView.as_view(), name="api-statistics-returns"),
    path("medical/quote/", QuoteView.as_view(), name="api-medical-quote"),
    *router.urls,
    re_path(r".*", endpoint_not_found),
]
