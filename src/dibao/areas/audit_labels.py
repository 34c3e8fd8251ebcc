"""How the audit trail names an area an entry is about, for entries with no household."""

from collections.abc import Iterable

from dibao.core import audit_labels

from .models import Area


def _names(codes: Iterable[str]) -> dict[str, str]:
    return dict(Area.objects.filter(code__in=list(codes)).values_list("code", "name"))


audit_labels.areas(_names)
