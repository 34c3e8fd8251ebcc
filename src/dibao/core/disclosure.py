"""How a user sees an ID number or a bank account: the one place that says it.

A whole ID number (or account) leaves the system in one of three ways, and each has its rule:

- `Use.SCREEN` — pages and API answers. ID numbers are always masked; a whole one is shown only by
  the audited reveal (`registry.services.id_number_reveal`, roles in `ID_REVEALERS`), one person at
  a time. The birth date is the masked part of the number, so screens show an age instead.
  Bank accounts are whole for those who pay (`FULL_ACCOUNT_ROLES`) and masked for everyone else.
- `Use.PRINT` — a printed form that carries the numbers (the application form is signed with them):
  whole ID numbers and accounts for those who register, decide and pay (`FULL_ID_ROLES`), masked
  for anyone else; the caller records who printed whole numbers (an audit entry).
- `Use.WORK_FILE` — files that are another system's input (the roster export, which imports again;
  the bank file): the same as printing; the export's own audit entry says whether numbers were
  whole. A community worker sees an account's last four on screen, and the whole account in the
  roster it exports on purpose, recorded.

The server's operator on the command line (no user) works with whole numbers. Anything without a
user to ask about — a template rendered without one, a serializer without its request — masks.

Values stored elsewhere (audit entries, import error reports) are masked by field name with
`masked_values`, and free text (an audit note) by shape with `mask_in_text`.
"""

import datetime
import enum
import re
from typing import Any, Final

from django.utils import timezone

from . import idnumbers
from .roles import FULL_ACCOUNT_ROLES, FULL_ID_ROLES, ID_REVEALERS, RoleHolder


class Use(enum.StrEnum):
    SCREEN = "screen"
    PRINT = "print"
    WORK_FILE = "work_file"


class _Nobody:
    """Stands for "no user known": sees everything masked."""

    role = None


NOBODY: Final = _Nobody()
# Names under which ID numbers and accounts are kept: model fields, audit values, import columns.
ID_NUMBER_FIELDS = frozenset({"id_number", "relative_id_number", "head_id_number", "head_id"})
ACCOUNT_FIELDS = frozenset({"bank_account", "account"})
# An ID number inside free text: 17 digits and a digit or X, not part of a longer run of digits.
_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")
# Fewer characters than this are not an account worth a last four: masked whole.
_SHORTEST_ACCOUNT_TAIL = 8


def mask_id_number(number: str) -> str:
    """`210204199001011234` → `210204********1234` (see `core.idnumbers.mask`)."""
    return idnumbers.mask(number)


def mask_account(account: str) -> str:
    """`6228480000000000001` → `…0001`: enough to tell two of a household's cards apart."""
    account = (account or "").strip()
    if not account:
        return ""
    if len(account) < _SHORTEST_ACCOUNT_TAIL:
        return "*" * len(account)
    return f"…{account[-4:]}"


def _is_operator(user: RoleHolder | None) -> bool:
    return user is None


def sees_whole_id(user: RoleHolder | None, use: Use) -> bool:
    """Does this user get whole ID numbers for this use (without revealing them one by one)?"""
    if _is_operator(user):
        return True
    if use == Use.SCREEN:
        return False
    return getattr(user, "role", None) in FULL_ID_ROLES


def may_reveal_id(user: RoleHolder | None) -> bool:
    """May the user reveal one person's whole number on a page or through the API (audited)?"""
    return getattr(user, "role", None) in ID_REVEALERS


def sees_whole_account(user: RoleHolder | None, use: Use) -> bool:
    """Does this user get whole bank accounts for this use? On screen, those who pay; in a printed
    form or a work file, which is recorded, those who register too."""
    if _is_operator(user):
        return True
    role = getattr(user, "role", None)
    if use == Use.SCREEN:
        return role in FULL_ACCOUNT_ROLES
    return role in FULL_ACCOUNT_ROLES | FULL_ID_ROLES


def id_number_for(user: RoleHolder | None, number: str | None, use: Use = Use.SCREEN) -> str:
    """The ID number as this user sees it in this use: whole or masked."""
    number = number or ""
    return number if sees_whole_id(user, use) else mask_id_number(number)


def account_for(user: RoleHolder | None, account: str | None, use: Use = Use.SCREEN) -> str:
    """The bank account as this user sees it in this use: whole or masked."""
    account = account or ""
    return account if sees_whole_account(user, use) else mask_account(account)


def mask_field(name: str, value: Any) -> Any:
    """A stored value masked when its name says it is an ID number or an account."""
    if not value or not isinstance(value, str):
        return value
    if name in ID_NUMBER_FIELDS:
        return mask_id_number(value)
    if name in ACCOUNT_FIELDS:
        return mask_account(value)
    return mask_in_text(value)


def masked_values(value: Any) -> Any:
    """`value` with every ID number and account in it masked, at any depth (an audit entry of an
    import lists its members), and ID numbers in free text too."""
    if isinstance(value, dict):
        return {
            key: mask_field(key, item) if isinstance(item, str) else masked_values(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [masked_values(item) for item in value]
    if isinstance(value, str):
        return mask_in_text(value)
    return value


def mask_in_text(text: str) -> str:
    """Free text with every ID number in it masked: a note that quotes a search, a reason."""
    if not text or len(text) < 18:
        return text
    return _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0).upper()), text)


def age_of(birth_date: datetime.date) -> int:
    """Whole years today (Asia/Shanghai): what screens show instead of the birth date, which with
    a masked ID number would make it whole again but for the last four, already shown."""
    today = timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
