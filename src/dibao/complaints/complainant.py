"""How a complainant's name, phone and ID number are shown: the one place that says it.

Whoever complains is protected (a report about a neighbour's hidden income, a petition about a
worker): the worker complained about never sees the complaint at all (`selectors`), and of the
staff who do, only those who must answer the complainant — the complaint's owner, and the street
and county that handle complaints — see the name and phone whole. Anyone else (another community
worker, the auditor) sees them masked: `张**`, `138****5678`. The ID number is masked on every
screen and in every API answer, as every ID number is (`core.disclosure`). The server's operator at
the console sees them whole. An anonymous complaint has none of them stored.
"""

from dataclasses import dataclass
from typing import Any

from dibao.core import disclosure

from .access import HANDLERS
from .models import Complaint


@dataclass(frozen=True)
class Complainant:
    anonymous: bool
    name: str
    phone: str
    id_number: str


def mask_name(name: str) -> str:
    name = name.strip()
    return f"{name[0]}{'*' * (len(name) - 1)}" if len(name) > 1 else "*" * len(name)


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def sees_whole(viewer: Any, complaint: Complaint) -> bool:
    if viewer is None:
        return True
    if getattr(viewer, "pk", None) is not None and complaint.owner_id == viewer.pk:
        return True
    return getattr(viewer, "role", None) in HANDLERS


def complainant_for(viewer: Any, complaint: Complaint) -> Complainant:
    if complaint.anonymous:
        return Complainant(anonymous=True, name="", phone="", id_number="")
    whole = sees_whole(viewer, complaint)
    name, phone = complaint.complainant_name, complaint.complainant_phone
    return Complainant(
        anonymous=False,
        name=name if whole else mask_name(name),
        phone=phone if whole else mask_phone(phone),
        id_number=disclosure.id_number_for(viewer, complaint.complainant_id_number, disclosure.Use.SCREEN),
    )
