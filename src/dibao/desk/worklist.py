"""What waits for a user today: every registered kind of work (`core.work.WORK`) gathered in one
order, for the landing page, `GET /api/v1/worklist/` and `dibao worklist` alike.

The desk imports none of the apps whose work it lists; it knows their kinds only by code, to put
them in the order a morning's work is done: the cases with a deadline first, then what is due
this month, what waits for approval, and what was found.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from dibao.core.work import WORK, WorkBatch

# The order the kinds are shown in; a kind not named here comes after them, as registered.
ORDER = (
    "application",
    "help_first",
    "notice",
    "review_due",
    "review_approval",
    "payroll_run",
    "found",
    "household_to_complete",
)
PAGE_LIMIT = 10  # items of each kind on the landing page
LIMIT = 50  # items of each kind in the API and the command


@dataclass(frozen=True)
class Worklist:
    day: datetime.date
    batches: list[WorkBatch]

    @property
    def total(self) -> int:
        return sum(batch.count for batch in self.batches)

    def as_json(self) -> dict[str, Any]:
        """The one shape of the API's answer and the command's `--json`."""
        return {
            "date": self.day.isoformat(),
            "total": self.total,
            "counts": [
                {"kind": b.kind, "label": b.label, "count": b.count, "note": b.note} for b in self.batches
            ],
            "items": [
                {
                    "kind": item.kind,
                    "title": item.title,
                    "program": item.program,
                    "household": item.household,
                    "head_name": item.head_name,
                    "community": item.community,
                    "due": item.due.isoformat() if item.due else None,
                    "overdue": item.overdue,
                    "url": item.url,
                }
                for batch in self.batches
                for item in batch.items
            ],
        }


def _place(kind: str) -> int:
    return ORDER.index(kind) if kind in ORDER else len(ORDER)


def worklist(user: Any, today: datetime.date, limit: int = LIMIT) -> Worklist:
    """Every kind with something waiting for `user` (each source scopes to the user's area and
    answers nothing for a role that cannot act on it), in the desk's order."""
    batches = sorted(WORK.gather(user, today, limit), key=lambda batch: _place(batch.kind))
    return Worklist(today, batches)
