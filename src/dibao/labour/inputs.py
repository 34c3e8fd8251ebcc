"""What the services of public-welfare labour take: every key optional, values as typed or sent."""

from typing import Any, TypedDict


class RuleData(TypedDict, total=False):
    valid_from: Any
    programs: Any  # a list of program codes, or them separated by commas
    min_age: Any
    max_age_men: Any
    max_age_women: Any
    exempt_disability_grade: Any
    sessions_per_month: Any
    reminder_after: Any
    review_after: Any


class ExemptionData(TypedDict, total=False):
    reason: str
    note: str
    month_from: Any
    month_to: Any


class GroupData(TypedDict, total=False):
    name: str
    task: str
    leader: str


class ScheduleData(TypedDict, total=False):
    weekdays: Any  # [0, 2, 4]: Monday, Wednesday, Friday
    date_from: Any
    date_to: Any
    starts_at: Any
    ends_at: Any
    task: str
    place: str
    working_days_only: Any
