"""The columns a recipients roster has beyond the register's, and how their cells are read:
保障类别 (see `vocabulary.RECIPIENT_WORDS`), 月保障金, 起始年月 (read by `core.months`), and 社区 — a
community of the county by its name or its 12-digit code."""

import re
import unicodedata
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from dibao.areas.models import Area, Level

from .. import headers

# key → canonical header, in the order a file usually has them (after the register's columns).
CANONICAL: dict[str, str] = {
    "benefit_class": "保障类别",
    "benefit_amount": "月保障金",
    "benefit_from": "起始年月",
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "benefit_class": (
        "类别",
        "保障类型",
        "低保类别",
        "分类施保类别",
        "施保类别",
        "benefit class",
        "class",
    ),
    "benefit_amount": (
        "保障金",
        "月保障金额",
        "保障金额",
        "低保金",
        "月低保金",
        "月低保金额",
        "低保金额",
        "月发放金额",
        "发放金额",
        "享受金额",
        "monthly benefit",
        "monthly amount",
        "benefit",
        "amount",
    ),
    "benefit_from": (
        "起始月份",
        "起始时间",
        "起始日期",
        "开始年月",
        "享受起始年月",
        "开始享受年月",
        "保障起始年月",
        "起保年月",
        "纳入年月",
        "纳入时间",
        "from month",
        "start month",
        "since",
    ),
}
# Required in a recipients file besides the register's own (headers.REQUIRED).
REQUIRED = ("community", *CANONICAL)

_UNIT = re.compile(r"\([^()]*\)$")
_LOOKUP = {headers.normalise(text): key for key, text in CANONICAL.items()}
for _key, _words in SYNONYMS.items():
    for _word in _words:
        _LOOKUP.setdefault(headers.normalise(_word), _key)


def key_for(header: object) -> str | None:
    text = headers.normalise(header)
    key = _LOOKUP.get(text)
    if key is None and _UNIT.search(text):
        key = _LOOKUP.get(_UNIT.sub("", text))
    return key


def recognise(names: list[str]) -> dict[str, int]:
    """Positions of this module's columns; a column the register's roster reads is left to it."""
    positions: dict[str, int] = {}
    for index, header in enumerate(names):
        key = None if headers.key_for(header) else key_for(header)
        if key is not None and key not in positions:
            positions[key] = index
    return positions


def name(key: str) -> str:
    return CANONICAL.get(key) or headers.CANONICAL[key]


# --- 社区 -------------------------------------------------------------------------------------

# What offices add to a community's name, or leave off: 海州 / 海州社区 / 海州社区居委会.
_SUFFIXES = ("社区居民委员会", "社区居委会", "居民委员会", "村民委员会", "居委会", "村委会", "社区", "村")


def _clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _bare(text: str) -> str:
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


class Communities:
    """The communities a file may name: those of the importer's area (one query)."""

    def __init__(self, scope: Area) -> None:
        self.scope = scope
        self.by_code: dict[str, Area] = {}
        self.by_name: dict[str, list[Area]] = defaultdict(list)
        self.by_bare_name: dict[str, list[Area]] = defaultdict(list)
        communities = Area.objects.filter(level=Level.COMMUNITY, code__prefix=scope.scope_prefix)
        for area in communities.order_by("code"):
            self.by_code[area.code] = area
            self.by_name[_clean(area.name)].append(area)
            self.by_bare_name[_bare(_clean(area.name))].append(area)

    def find(self, text: str) -> tuple[Area | None, Any]:
        """The community, or None and the reason none is."""
        cleaned = _clean(text)
        area = self.by_code.get(cleaned)
        if area is not None:
            return area, None
        found = self.by_name.get(cleaned) or self.by_bare_name.get(_bare(cleaned)) or []
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _(
                "More than one community of %(area)s is called %(name)s (%(codes)s); write its 12-digit code."
            ) % {"area": self.scope.name, "name": text, "codes": "、".join(a.code for a in found)}
        return None, _("No community of %(area)s has this name or code.") % {"area": self.scope.name}
