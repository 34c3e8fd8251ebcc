"""What the holiday services take: values as typed or sent, for the service to judge."""

import datetime
from decimal import Decimal
from typing import TypedDict


class HolidayItemData(TypedDict, total=False):
    criterion: str | None  # empty: everyone's package
    kind: str | None  # cash, rice, flour, oil, other
    name: str | None
    quantity: int | str | None
    unit_value: Decimal | str | None


class HolidayCampaignData(TypedDict, total=False):
    name: str | None
    held_on: datetime.date | str | None
    criteria: str | list[str] | None
    items: list[HolidayItemData]
