"""What each kind of job does: apps register a runner for their kind when they are ready.

A runner takes the job and its `Progress`, does the work (in its own transaction, all or nothing)
and returns what came of it. A `DomainError` it raises is the job's refusal, shown to whoever
started it; anything else is a failure whose detail is logged, not shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..models import Job
from .progress import Progress


@dataclass(frozen=True)
class Finished:
    outcome: dict[str, Any] = field(default_factory=dict)
    result_url: str = ""  # the page that shows the result, if there is one
    message: str = ""  # said first on that page


Runner = Callable[[Job, Progress], Finished]
RUNNERS: dict[str, Runner] = {}


def runner(kind: str) -> Callable[[Runner], Runner]:
    def register(function: Runner) -> Runner:
        RUNNERS[kind] = function
        return function

    return register
