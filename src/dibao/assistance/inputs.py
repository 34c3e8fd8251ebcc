"""What the assistance services take, as a page, the API, a command or another app gives it: every
key optional, values as typed or sent, for the service to judge."""

import datetime
from decimal import Decimal
from typing import TypedDict

Id = int | str | None


class TemporaryDecisionData(TypedDict, total=False):
    """A 临时救助 decision (or its help first): a tier of months of the standard, or an amount with
    a reason; cash or goods with their value."""

    kind: str | None  # emergency | expense
    category: str | None  # fire, accident, illness, …
    level: str | int | None  # the hardship level: its tier in months
    amount: Decimal | str | None  # instead of a tier: needs `amount_reason`
    amount_reason: str | None
    reason: str | None
    goods: str | None  # in kind: what is given (the amount is its value)
    note: str | None


class TemporaryApplicationData(TypedDict, total=False):
    """A 临时救助 application: a registered household (`household`) or a person not yet on the
    register (name, ID number, …), created with the application."""

    household: Id
    kind: str | None
    applicant_name: str | None
    reason: str | None
    name: str | None
    id_number: str | None
    hukou: str | None  # the register's hukou kind (an emergency has no hukou limit)
    phone: str | None
    address: str | None
    urban_rural: str | None
    day: datetime.date | None
