"""The applications' REST API: applications and their steps, and the records kept around them.

Reads start from the user's area (`cases.selectors`, or the same code-prefix scoping for the records
that have no selector yet); every write goes through `cases.services`, exactly as the pages' do, so
the workflow's order, roles, checks, timeline and audit trail are the same on both. Registered in
config/api_urls.py.
"""

from .applications import ApplicationViewSet
from .community import (
    AppraisalMeetingViewSet,
    CloseRelativeViewSet,
    NoticeViewSet,
    ObjectionViewSet,
    PanelMemberViewSet,
)
from .filings import RelativeFilingViewSet, SpotCheckDrawViewSet

__all__ = [
    "ApplicationViewSet",
    "AppraisalMeetingViewSet",
    "CloseRelativeViewSet",
    "NoticeViewSet",
    "ObjectionViewSet",
    "PanelMemberViewSet",
    "RelativeFilingViewSet",
    "SpotCheckDrawViewSet",
]
