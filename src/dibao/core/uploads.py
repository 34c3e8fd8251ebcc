"""Uploads are kept only up to `UPLOAD_MAX_BYTES`.

Django has no limit of its own on the size of an uploaded file: it spools any size to a temporary
file before a view can look at it. `BoundedUploadHandler` comes first among the upload handlers and
passes on at most one byte more than the limit of a request's files; the rest is read from the
connection and dropped. The file then arrives cut short but larger than the limit, so the form or
the reader that checks its size refuses it with the limit in the message, and a huge upload costs
neither memory nor disk. (A proxy in front should refuse such a body before it reaches Django at
all: see docs/operations.md.)
"""

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler


def upload_max_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def size_text(size: int) -> str:
    """A limit as people read it: "50 MB", "1.5 MB", "100 KB", "800 bytes" (a MB of 1024 KB)."""
    for unit, name in ((1024 * 1024 * 1024, "GB"), (1024 * 1024, "MB"), (1024, "KB")):
        if size >= unit:
            return f"{round(size / unit, 1):g} {name}"
    return f"{size} bytes"


def upload_limit_text() -> str:
    return size_text(upload_max_bytes())


class BoundedUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        # For all the request's files together: many files of the limit each would cost as much.
        self.room = upload_max_bytes() + 1

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.room <= 0:
            return None  # the handlers after this one never see the chunk
        kept = raw_data[: self.room]
        self.room -= len(kept)
        return kept

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file
