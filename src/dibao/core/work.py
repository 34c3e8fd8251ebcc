"""What waits for a user today: the kinds of work that the apps above register.

The desk (the landing page, `GET /api/v1/worklist/`, `dibao worklist`) lists applications at the
user's step, reviews due, notices ending, paperwork owed on help-first grants, found cases,
payroll runs to approve and labour absences — each kept by a different app. Each app registers a
source in its `AppConfig.ready()`, as panels are registered (`core.panels`): the desk imports
none of them, and a new kind of work is one registration.

A source answers for one user on one day with how many items there are in all (the count at the
top of the desk) and the first `limit` of them, most urgent first, in a bounded number of
queries: a county may have thousands of found cases, and the desk shows a page of each kind.
A source returns nothing for a role that cannot act on its items.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class WorkItem:
    """One thing to do, as the desk, the API and the command show it."""

    kind: str  # the source's stable code: `application`, `review_due`, `payroll_run`, …
    title: str  # what to do, in the user's language: "街道审核", "年度复核到期" …
    url: str  # the page where it is done (one click)
    program: str = ""  # program code (`dibao`, `temporary` …); blank where the item has none
    household: str = ""  # household number; blank for an item about no household (a payroll run)
    head_name: str = ""  # the household head's name, as the register holds it
    community: str = ""  # the community's name
    due: date | None = None  # the day it must be done by; None when there is no deadline
    overdue: bool = False


@dataclass(frozen=True)
class WorkBatch:
    """A source's answer: `count` items in all, the first of them in `items`."""

    kind: str
    label: str  # the kind's name for the counts at the top
    count: int
    items: list[WorkItem] = field(default_factory=list)
    note: str = ""  # said under the kind's heading: how current its count is, where it is kept


# (user, today, limit) -> WorkBatch
Build = Callable[[Any, date, int], WorkBatch]


class WorkSources:
    """The registered kinds of work, in the order they were registered."""

    def __init__(self) -> None:
        self._sources: dict[str, Build] = {}

    def register(self, kind: str, build: Build) -> None:
        """Registered by kind, so an app made ready twice (tests) replaces rather than repeats."""
        self._sources[kind] = build

    def kinds(self) -> list[str]:
        return list(self._sources)

    def gather(self, user: Any, today: date, limit: int) -> list[WorkBatch]:
        """Every source's answer for `user`, leaving out the kinds with nothing waiting and nothing
        to say (a kind still being counted says so with a count of none yet)."""
        batches = (build(user, today, limit) for build in self._sources.values())
        return [batch for batch in batches if batch.count or batch.note]


WORK = WorkSources()
