"""What the complaints services take: the data as a page, the API or a command gives it, before
the service judges it. Every key may be missing; a value is as typed or sent. The subject (a
household, a member of staff, a decision) and the area are passed as objects found through the
selectors, which limit them to the user's area."""

import datetime
from typing import TypedDict

Day = datetime.date | str | None
Flag = bool | str | None


class ComplaintData(TypedDict, total=False):
    channel: str | None
    kind: str | None
    received_on: Day  # empty: today
    anonymous: Flag
    complainant_name: str | None
    complainant_phone: str | None
    complainant_id_number: str | None
    subject_kind: str | None
    summary: str | None
