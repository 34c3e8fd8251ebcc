"""The commands' progress bar: the same `Progress` a job writes to its row, drawn on a terminal.

Drawn (with rich, on stderr, gone when done) only when a person is watching: both outputs are a
terminal and `--json` was not asked for. A pipe, a file or cron gets the output alone.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as Bar

from .progress import NO_PROGRESS, Progress


class TerminalProgress(Progress):
    def __init__(self, bar: Bar, description: str) -> None:
        super().__init__(None)
        self.bar = bar
        self.task = bar.add_task(description, total=None)

    def start(self, total: int) -> None:
        self.total = total
        self.bar.update(self.task, total=total, completed=0)

    def advance(self, done: int) -> None:
        self.bar.update(self.task, completed=done)


def watched(*, json: bool = False) -> bool:
    return not json and sys.stdout.isatty() and sys.stderr.isatty()


@contextmanager
def terminal_progress(description: str, *, shown: bool) -> Iterator[Progress]:
    if not shown:
        yield NO_PROGRESS
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        yield TerminalProgress(bar, description)
