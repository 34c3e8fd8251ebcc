"""Uploads are kept only up to `UPLOAD_MAX_BYTES`.

Django has no limit of its own on the size of an uploaded file: it spools any size to a temporary
file before a view can look at it. `BoundedUploadHandler` comes first among the upload handlers and
passes on at most one byte more than the limit of a request's files; the rest is read from the
connection and dropped. The file then arrives cut short but larger than the limit, so the form or
the reader that checks its size refuses it with the limit in the message, and a huge upload costs
neither memory nor disk. (A proxy in front should refuse such a body before it reaches Django at
all: see docs/operations.md.)
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from .errors import DomainError


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


def image_max_bytes() -> int:
    return int(settings.IMAGE_MAX_BYTES)


# The first bytes of the picture formats a phone's camera writes. The name and the type the
# browser sends are the sender's word; these bytes are the file's own.
_IMAGE_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
)
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis", b"avif"})


def image_format(file: Any) -> str | None:
    """What kind of picture the file's content is ("JPEG", "PNG", "WebP", "HEIC", "GIF"), or None
    when it is none of them, whatever its name says. The file is left where it was read from."""
    start = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(32)
    file.seek(start)
    for offset, magic, name in _IMAGE_MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIC"
    return None


def images_check(files: Sequence[Any], *, field: str) -> None:
    """Refuse, on `field`, files that are not pictures by their content, a picture larger than
    `IMAGE_MAX_BYTES`, and more pictures together than one request keeps (`UPLOAD_MAX_BYTES`: the
    upload handler has cut the rest short)."""
    errors: list[str] = []
    limit = image_max_bytes()
    for file in files:
        name = str(getattr(file, "name", "") or "")
        if file.size > limit:
            too_large = _("The photo “%(name)s” is larger than %(limit)s.")
            errors.append(too_large % {"name": name, "limit": size_text(limit)})
        elif image_format(file) is None:
            errors.append(
                _("“%(name)s” is not a photo: only JPEG, PNG, WebP, HEIC or GIF pictures are accepted.")
                % {"name": name}
            )
    if sum(file.size for file in files) > upload_max_bytes():
        errors.append(_("The photos together are larger than %(limit)s.") % {"limit": upload_limit_text()})
    if errors:
        raise DomainError(errors={field: errors})


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
