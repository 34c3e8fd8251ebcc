"""How a header written in a file is recognised: every import's columns are named in many ways
(户主身份证号, 户主身份证号码, "Head ID number *", 金额(元)), so a header is compared after spaces,
underscores and dashes, full-width letters, case, a trailing '*' or ':' and a unit in brackets
are set aside. Each import says its own columns (`Columns`); this is only the reading of them."""

import re
import unicodedata
from collections.abc import Mapping

_SEPARATORS = re.compile(r"[\s_\-]+")
_UNIT = re.compile(r"\([^()]*\)$")  # 月收入(元), 金额(元)


def normalise(header: object) -> str:
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    return _SEPARATORS.sub("", text).strip("*:")


class Columns:
    """An import's columns: key → canonical header, and the other words offices write for each.
    The canonical header wins over a synonym, and the first key to name a word over a later one."""

    def __init__(self, canonical: Mapping[str, str], synonyms: Mapping[str, tuple[str, ...]]) -> None:
        self.canonical = dict(canonical)
        self._lookup = {normalise(text): key for key, text in canonical.items()}
        for key, words in synonyms.items():
            for word in words:
                self._lookup.setdefault(normalise(word), key)

    def key_for(self, header: object) -> str | None:
        """The column a header means, or None for a column the import does not read."""
        text = normalise(header)
        key = self._lookup.get(text)
        if key is None and _UNIT.search(text):
            key = self._lookup.get(_UNIT.sub("", text))
        return key

    def positions(self, headers: list[str]) -> dict[str, int]:
        """Each known column's position. The first of two columns meaning the same thing wins;
        unknown columns are ignored (offices keep their own notes beside the data)."""
        found: dict[str, int] = {}
        for index, header in enumerate(headers):
            key = self.key_for(header)
            if key is not None and key not in found:
                found[key] = index
        return found
