"""The last month a county has already paid, as the app that pays answers it: of one program (the
month the run that pays it was approved; a county may pay a program in a run of its own), or of
the county as a whole (every run of the month approved).

Payroll sits above benefits (it pays entitlements), so benefits cannot ask it directly; payroll
registers its answer here in `PayrollConfig.ready`. Without payroll installed nothing has been
paid through this system, and the answer is None.
"""

import datetime
from collections.abc import Callable
from typing import Any

Answer = Callable[[Any, str | None], datetime.date | None]
_answers: list[Answer] = []


def answer_paid_through(answer: Answer) -> None:
    """Register how the last paid month of a county is found (once: a second ready() replaces it)."""
    _answers[:] = [answer]


def paid_through(county: Any, program: str | None = None) -> datetime.date | None:
    """The last month an approved payroll of `county` paid `program` (its code), if any; without a
    program, the last month every run of which is approved."""
    months = [month for answer in _answers if (month := answer(county, program)) is not None]
    return max(months, default=None)
