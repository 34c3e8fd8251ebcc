"""Every write of dynamic management: opening reviews and campaigns, recording and deciding them."""

from .bulk import NoChange, reviews_record_no_change
from .deciding import review_approve, review_cancel, review_record, review_return
from .opening import campaign_open, review_open

__all__ = [
    "NoChange",
    "campaign_open",
    "review_approve",
    "review_cancel",
    "review_open",
    "review_record",
    "review_return",
    "reviews_record_no_change",
]
