"""The file a job produces (an export), kept for its starter to download from the job's page or
the API, and removed after JOB_FILES_KEPT_FOR.

All or nothing: the work writes the file to a spooled temporary file first (memory, then disk for
a large one), reading only, with its progress; then one transaction records what the export
changes (a bank file's run sent to the bank, an audit entry) and keeps the file. If anything fails
— the work, the storage, the commit — the stored file is removed and the job names none, so a
failed job keeps no file and leaves no half state.
"""

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from django.core.files.storage import default_storage
from django.db import transaction

from ..downloads import XLSX
from ..models import Job
from .services import job_file_discard, job_file_save

# Kept in memory up to this size, then on disk.
SPOOL_BYTES = 16 * 1024 * 1024


class Keeper:
    """Hands the work its output and keeps it as the job's file when the work says it is whole."""

    def __init__(self, job: Job, out: IO[bytes]) -> None:
        self.job = job
        self.out = out
        self.stored = ""

    def keep(self, name: str) -> None:
        """Call inside the transaction that records the export: the file is saved with it."""
        self.stored = job_file_save(job=self.job, content=self.out, name=name)


@contextmanager
def producing(job: Job) -> Iterator[Keeper]:
    """`with producing(job) as file:` write to `file.out`, then `file.keep(name)` inside the
    export's transaction. An exception out of the block removes what was stored."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed below)
    keeper = Keeper(job, out)
    try:
        yield keeper
    except BaseException:
        if keeper.stored:
            job_file_discard(job=job, stored=keeper.stored)
        raise
    finally:
        out.close()


def keep_written(job: Job, name: str, write: Callable[[IO[bytes]], object]) -> None:
    """A file with nothing else recorded with it (a report, a "what if"): `write(out)`, then kept."""
    with producing(job) as file:
        write(file.out)
        with transaction.atomic():
            file.keep(name)


def has_file(job: Job) -> bool:
    """The job produced a file that is still kept."""
    return bool(job.file) and default_storage.exists(job.file.name)


def open_file(job: Job) -> IO[bytes]:
    """The kept file, open for streaming (the response closes it)."""
    return default_storage.open(job.file.name, "rb")


def media_type(job: Job) -> str:
    """What the file is: as its job's start said (a bank file's CSV in the bank's encoding), else
    by its name."""
    if job.params.get("media_type"):
        return str(job.params["media_type"])
    if job.file_name.endswith(".xlsx"):
        return XLSX
    if job.file_name.endswith(".csv"):
        return "text/csv; charset=utf-8"
    return "application/octet-stream"
