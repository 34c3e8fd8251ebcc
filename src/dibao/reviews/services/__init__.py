"""Every write of dynamic management: opening reviews and campaigns, recording and deciding them."""

from .deciding import review_approve, review_cancel, review_record, review_return
from .opening import campaign_open, review_open

__all__ = [
    "campaign_open",
    "review_approve",
    "review_cancel",
    "review_open",
    "review_record",
    "review_return",
]
