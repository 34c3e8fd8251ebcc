"""What recording a review takes (`review_record`): its data as the page or the API gives it,
before the service judges it. Every key may be missing; a value is as typed or sent."""

import datetime
from typing import TypedDict

Day = datetime.date | str | None
Flag = bool | str | None


class ReviewRecordData(TypedDict, total=False):
    checked_income: Flag
    checked_assets: Flag
    checked_members: Flag
    visited_on: Day
    findings: str | None
    outcome: str | None
    effective_on: Day  # a raise or a lower applies from the first of its month; empty: today
    stop_reason: str | None
    reason_text: str | None  # printed on the notice
    exit_months: int | str | None  # a gradual exit's months; empty: the county's rule
    overpaid_from: datetime.date | str | None  # false statements: what was paid since is recovered
