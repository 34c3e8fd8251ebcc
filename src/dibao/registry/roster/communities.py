"""Which community a roster's 社区 cell names: a community of the area imported into, by its name
(with or without 社区, 居委会 …) or its 12-digit code. Shared by the roster and recipients imports."""

import unicodedata
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from dibao.areas.models import Area, Level
from dibao.core.scoping import within_area

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
        communities = within_area(Area.objects.filter(level=Level.COMMUNITY), scope, "code")
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
