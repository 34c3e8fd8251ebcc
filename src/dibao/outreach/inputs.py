"""What the outreach services take: the data as a page, the API or a command gives it, before the
service judges it. Every key may be missing; a value is as typed or sent."""

import datetime
from decimal import Decimal
from typing import TypedDict

Day = datetime.date | str | None
Flag = bool | str | None


class ServiceData(TypedDict, total=False):
    code: str | None
    name: str | None
    office: str | None
    steps: list[str] | str | None  # a list, or one name a line (or split by → , 、)
    community_delivers: Flag
    active: Flag
    notes: str | None


class EntryData(TypedDict, total=False):
    registered_on: Day  # empty: today
    note: str | None


class EntryStepData(TypedDict, total=False):
    step: int | str | None  # the step reached (0 is the first); a later one than the entry's
    on: Day  # empty: today
    outcome: str | None
    note: str | None


class ReferralData(TypedDict, total=False):
    kind: str | None
    employer: str | None
    job: str | None
    referred_on: Day  # empty: today
    note: str | None


class ReferralOutcomeData(TypedDict, total=False):
    outcome: str | None  # not_taken or hired
    start_on: Day  # hired: the first day of work, not after today
    wage: Decimal | str | None  # hired: the monthly wage, yuan
    note: str | None
