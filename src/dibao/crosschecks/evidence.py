"""What a flag keeps of its source row, and how it reads: each kind's slots under their names."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import SourceKind
from .services.matching import Hit

LABELS: dict[str, dict[str, Any]] = {
    SourceKind.DEATH: {"on_date": _("date of death")},
    SourceKind.VEHICLE: {
        "label": _("plate"),
        "detail": _("vehicle type"),
        "on_date": _("registered on"),
        "amount": _("value"),
    },
    SourceKind.PROPERTY: {"label": _("address"), "amount": _("floor area (m²)"), "detail": _("use")},
    SourceKind.BUSINESS: {"label": _("company"), "detail": _("role"), "amount": _("registered capital")},
    SourceKind.PENSION: {"amount": _("monthly amount"), "months": _("months"), "label": _("paid by")},
    SourceKind.SOCIAL_INSURANCE: {
        "amount": _("contribution base"),
        "months": _("months"),
        "label": _("employer"),
    },
    SourceKind.HOUSING_FUND: {
        "amount": _("contribution base"),
        "months": _("months"),
        "label": _("employer"),
    },
    SourceKind.PUBLIC_SERVANT: {"label": _("employer")},
}


def evidence_of(kind: str, hit: Hit, file_name: str) -> dict[str, Any]:
    values: dict[str, Any] = {"file": file_name, "row": hit.row, "name": hit.name}
    for slot in LABELS[kind]:
        value = getattr(hit, slot)
        if value is not None and value != "":
            values[slot] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if hit.threshold is not None:
        values["threshold"] = f"{hit.threshold:.2f}"
    return values


def key_of(kind: str, hit: Hit) -> str:
    """The fact a flag is about, so the same fact in the next month's file is not flagged again."""
    if kind == SourceKind.DEATH:
        return hit.on_date.isoformat() if hit.on_date else ""
    if kind in (SourceKind.PENSION, SourceKind.SOCIAL_INSURANCE, SourceKind.HOUSING_FUND):
        return f"{hit.amount}|{hit.label}"[:120]
    if kind == SourceKind.BUSINESS:
        return f"{hit.label}|{hit.detail}"[:120]
    return hit.label[:120]


def evidence_lines(kind: str, evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, value) for a page: the file's row first, then what it said."""
    lines = [(str(_("file")), f"{evidence.get('file', '')}, {_('row')} {evidence.get('row', '')}")]
    if evidence.get("name"):
        lines.append((str(_("name in the file")), str(evidence["name"])))
    for slot, label in LABELS.get(kind, {}).items():
        if slot in evidence:
            lines.append((str(label), str(evidence[slot])))
    if "threshold" in evidence:
        lines.append((str(_("line of the rule")), str(evidence["threshold"])))
    return lines
