"""The last month a county has already paid, as the app that pays answers it.

Payroll sits above benefits (it pays entitlements), so benefits cannot ask it directly; payroll
registers its answer here in `PayrollConfig.ready`. Without payroll installed nothing has been
paid through this system, and the answer is None.
"""

import datetime
from collections.abc import Callable
from typing import Any

_answers: list[Callable[[Any], datetime.date | None]] = []


def answer_paid_through(answer: Callable[[Any], datetime.date | None]) -> None:
    """Register how the last paid month of a county is found (once: a second ready() replaces it)."""
    _answers[:] = [answer]


def paid_through(county: Any) -> datetime.date | None:
    """The last month an approved payroll of `county` paid, if any."""
    months = [month for answer in _answers if (month := answer(county)) is not None]
    return max(months, default=None)
