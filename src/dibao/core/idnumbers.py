"""Resident identity card numbers (GB 11643-1999): checking, what they encode, and masking.

The check digit, the birth date and the area code come from python-stdnum. Its table of GB/T 2260
codes (`cn/loc`) keeps the codes of divisions since abolished or renamed, each with the years it was
in use. A code that was never a division (999999) is refused; one that no longer is, or was not yet
when its holder was born, is accepted: POLICY.md §5 says not to reject a number whose area code is
older or younger than its holder, so stdnum's own `validate`, which checks those years, is not used.
"""

import datetime
import functools
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric

from .errors import DomainError

MALE = "M"
FEMALE = "F"


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    sex: str  # MALE or FEMALE


def parse(value: object, *, field: str = "id_number", today: datetime.date | None = None) -> IdNumber:
    """Return the normalised number with its birth date and sex, or raise `DomainError`."""
    number = normalise(value)
    if len(number) != 18:
        raise DomainError(
            _("An ID number has 18 characters; this one has %(n)d.") % {"n": len(number)},
            field=field,
            code="id_length",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise DomainError(
            _("An ID number is 17 digits followed by a digit or X."), field=field, code="id_format"
        )
    if not is_division_code(number[:6]):
        raise DomainError(
            _("%(code)s, the first six digits of this ID number, is no administrative division's code.")
            % {"code": number[:6]},
            field=field,
            code="id_area",
        )
    try:
        # As `ric.get_birth_date` reads it, without cleaning the number up once more.
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise DomainError(
            _("The birth date %(d)s in this ID number does not exist.") % {"d": number[6:14]},
            field=field,
            code="id_birth_date",
        ) from None
    if birth > (today or datetime.date.today()) or birth.year < 1880:
        raise DomainError(
            _("The birth date %(d)s in this ID number is impossible.") % {"d": number[6:14]},
            field=field,
            code="id_birth_date",
        )
    check = ric.calc_check_digit(number)
    if check != number[17]:
        raise DomainError(
            _("The check digit of this ID number is wrong (the last character should be %(c)s).")
            % {"c": check},
            field=field,
            code="id_checksum",
        )
    return IdNumber(number=number, birth_date=birth, sex=MALE if int(number[16]) % 2 else FEMALE)


@functools.cache
def is_division_code(code: str) -> bool:
    """Whether `code` is, or ever was, a GB/T 2260 division's code (a province, city or county)."""
    found = numdb.get("cn/loc").info(code)
    # `info` answers each known prefix; a county-level entry (`county`) means all six digits matched.
    return any("county" in properties for _part, properties in found)


def mask(number: str) -> str:
    """`210204199001011234` → `210204********1234`: the area and the last four stay readable."""
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:6]}{'*' * 8}{number[14:]}"


def reversed_key(number: str) -> str:
    """The number reversed, so that 'ends with 123X' is an indexed prefix search."""
    return number[::-1]


def normalise(value: object) -> str:
    """The number as stored: no surrounding spaces, upper-case X. Not a check: see `parse`."""
    text = str(value or "").strip().upper()
    # Plain ASCII is what nearly every number is; python-stdnum's clean-up of look-alike Unicode
    # characters gives the same result for it and costs a roster import seconds per 100,000 rows.
    return text if text.isascii() else ric.compact(text).upper()
