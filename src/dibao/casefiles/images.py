"""Scans and photos kept as materials, embedded in the bound file.

An image is put into the page as a data URI (WeasyPrint then reads no file system and no network);
a PDF scan cannot be laid into a WeasyPrint document, and no PDF reader is among the project's
dependencies, so it is listed in the contents as an original filed beside the bound file.
"""

import base64
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class Kept:
    """A material's file as the bound file carries it: an image to embed, or a note saying why not."""

    name: str
    image: str = ""  # a data URI
    note: str = ""


def kept(file: FieldFile) -> Kept | None:
    """None when there is no file (seen on paper only)."""
    if not file or not file.name:
        return None
    stored = file.name
    name = PurePosixPath(stored).name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".pdf":
        return Kept(name, note=str(_("PDF original, filed with the bound file")))
    media_type = IMAGE_TYPES.get(suffix)
    if media_type is None:
        return Kept(name, note=str(_("Original filed with the bound file")))
    try:
        with file.storage.open(stored, "rb") as handle:
            data = handle.read()
    except OSError:
        return Kept(name, note=str(_("The stored file is missing")))
    return Kept(name, image=f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}")
