"""How far a job has got, written as it goes.

Progress is an UPDATE of the job's row in autocommit, made between chunks of the work and never
inside the work's own transaction: on PostgreSQL a second connection would do as well, but on
SQLite it would wait for the work's write lock and time out. So the import counts the rows it has
read and checked (before it writes), and the stage that writes is one step shown as such.
"""

from collections.abc import Iterable, Iterator
from typing import TypeVar

from .bookkeeping import job_progress_set

T = TypeVar("T")

# About this many updates over a whole job, whatever its size.
STEPS = 100


class Progress:
    def __init__(self, job_id: int | None) -> None:
        self.job_id = job_id
        self.total = 0
        self._written = -1
        self._step = 1

    def start(self, total: int) -> None:
        self.total = total
        self._step = max(1, total // STEPS)
        self._write(0, force=True)

    def advance(self, done: int) -> None:
        self._write(done, force=done >= self.total)

    def _write(self, done: int, *, force: bool) -> None:
        if self.job_id is None or (not force and done - self._written < self._step):
            return
        self._written = done
        job_progress_set(job_id=self.job_id, done=done, total=self.total)


# For callers outside a job (the commands, the tests): counts nothing.
NO_PROGRESS = Progress(None)


def counted(items: Iterable[T], progress: Progress) -> Iterator[T]:
    """`items` as they are, `progress` advanced by one for each (a file's rows written of N)."""
    for done, item in enumerate(items, start=1):
        yield item
        progress.advance(done)
