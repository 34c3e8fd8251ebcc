"""The rules for a household's and a member's fields, in one place.

Forms, the API and the roster import all end here, so a rule (a phone number's shape, a
disability grade without a type) is written once. Each function collects every problem before
raising, so a person sees all that is wrong at once.
"""

import datetime
import functools
import re
from collections.abc import Mapping
from typing import Any, cast

from django.db import models
from django.utils.translation import gettext_lazy as _

from dibao.core import idnumbers, months
from dibao.core.csvfile import FORMULA_STARTS
from dibao.core.errors import DomainError
from dibao.core.money import parse_amount

from .inputs import (
    AssetFields,
    CareAssessmentFields,
    HouseholdFields,
    IncomeFields,
    MemberFields,
    RigidSpendingFields,
    SupporterFields,
)
from .models import (
    ITEM_KIND,
    Activity,
    Asset,
    AssetKind,
    DisabilityGrade,
    DisabilityType,
    Employment,
    Health,
    Income,
    IncomeItem,
    IncomeKind,
    LabourCapacity,
    Relation,
    RigidSpending,
    RigidSpendingKind,
    SupporterRelation,
    UrbanRural,
    care_level,
)

HOUSEHOLD_FIELDS = ("address", "phone", "urban_rural", "bank_name", "bank_account", "military_family")
MEMBER_FIELDS = (
    "name",
    "id_number",
    "relation",
    "hukou",
    "disability_type",
    "disability_grade",
    "health",
    "labour_capacity",
    "employment",
    "phone",
    "notes",
    "party_hardship",
)
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")
_SPACES = re.compile(r"\s+")
_ACCOUNT = re.compile(r"^[0-9 \-]{6,40}$")
_MEMBER_DEFAULTS = {
    "disability_type": DisabilityType.NONE,
    "disability_grade": DisabilityGrade.NONE,
    "health": Health.HEALTHY,
    "labour_capacity": LabourCapacity.FULL,
    "employment": Employment.NONE,
    "phone": "",
    "notes": "",
}


@functools.cache
def _values(choices: type[models.Choices]) -> frozenset[Any]:
    # `Choices.values` builds a new list on every access: a roster import asks 600,000 times.
    return frozenset(choices.values)


def _is_value(value: Any, choices: type[models.Choices]) -> bool:
    try:
        return value in _values(choices)
    except TypeError:  # a list or a dict sent to the API is simply not one of the values
        return False


class _Collector:
    def __init__(self) -> None:
        self.errors: dict[str, list[Any]] = {}

    def add(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, []).append(message)

    def text(self, data: Mapping[str, Any], field: str, *, required: bool, max_length: int) -> str:
        value = str(data.get(field) or "").strip()
        if required and not value:
            self.add(field, _("This field is required."))
        elif len(value) > max_length:
            self.add(field, _("At most %(n)d characters.") % {"n": max_length})
        return value

    def choice(
        self, data: Mapping[str, Any], field: str, choices: type[models.Choices], default: Any = None
    ) -> Any:
        value = data.get(field)
        if value in (None, "") and default is not None:
            return default
        if not _is_value(value, choices):
            if value in (None, ""):
                self.add(field, _("This field is required."))
            else:
                self.add(field, _("'%(v)s' is not one of the allowed values.") % {"v": value})
        return value

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainError(errors=self.errors)


def clean_household(data: Mapping[str, Any], *, partial: bool = False) -> HouseholdFields:
    """Validated household fields. `partial`: only the fields present in `data`."""
    c = _Collector()
    fields = [f for f in HOUSEHOLD_FIELDS if not partial or f in data]
    out: dict[str, Any] = {}
    for field in fields:
        if field == "urban_rural":
            out[field] = c.choice(data, field, UrbanRural)
        elif field == "military_family":
            out[field] = _flag(data, field, c)
        else:
            out[field] = c.text(
                data,
                field,
                required=field == "address",
                max_length={"address": 200, "phone": 30, "bank_name": 60}.get(field, 40),
            )
    if out.get("phone") and not _PHONE.match(out["phone"]):
        c.add("phone", _("A phone number has digits only (and + - ( ))."))
    if out.get("bank_account"):
        if not _ACCOUNT.match(out["bank_account"]):
            c.add("bank_account", _("A bank account number has digits only."))
        out["bank_account"] = re.sub(r"[ \-]", "", out["bank_account"])
    if "bank_account" in out and "bank_name" in out and bool(out["bank_account"]) != bool(out["bank_name"]):
        c.add(
            "bank_name" if out["bank_account"] else "bank_account",
            _("A bank account needs both the bank's name and the account number."),
        )
    c.raise_if_any()
    return cast(HouseholdFields, out)


def clean_member(
    data: Mapping[str, Any], *, partial: bool = False, today: datetime.date | None = None
) -> MemberFields:
    """Validated member fields, with birth date, sex and search keys derived from name and ID."""
    from .search import name_keys

    c = _Collector()
    present = {f for f in MEMBER_FIELDS if not partial or f in data}
    out: dict[str, Any] = {}
    if "name" in present:
        out["name"] = _SPACES.sub("", c.text(data, "name", required=True, max_length=40))
        out["name_pinyin"], out["name_initials"] = name_keys(out["name"])
        if out["name"].startswith(FORMULA_STARTS):
            # No one's name begins so; a spreadsheet opening a file with it would run it as a formula.
            c.add("name", _("A name cannot begin with = + - or @ (a spreadsheet takes it for a formula)."))
    if "id_number" in present:
        try:
            parsed = idnumbers.parse(data.get("id_number"), today=today)
        except DomainError as exc:
            for field, messages in exc.errors.items():
                for message in messages:
                    c.add(field, message)
        else:
            out.update(
                id_number=parsed.number,
                birth_date=parsed.birth_date,
                sex=parsed.sex,
                id_number_reversed=idnumbers.reversed_key(parsed.number),
            )
    for field, choices in (
        ("relation", Relation),
        ("hukou", UrbanRural),
        ("health", Health),
        ("labour_capacity", LabourCapacity),
        ("employment", Employment),
        ("disability_type", DisabilityType),
    ):
        if field in present:
            out[field] = c.choice(data, field, choices, _MEMBER_DEFAULTS.get(field))
    if "disability_grade" in present:
        raw = data.get("disability_grade")
        try:
            out["disability_grade"] = int(raw) if raw not in (None, "") else DisabilityGrade.NONE
        except (TypeError, ValueError):
            out["disability_grade"] = raw
        if not _is_value(out["disability_grade"], DisabilityGrade):
            c.add("disability_grade", _("A disability grade is 1 to 4."))
    for field in ("phone", "notes"):
        if field in present:
            out[field] = c.text(data, field, required=False, max_length=30 if field == "phone" else 500)
    if out.get("phone") and not _PHONE.match(out["phone"]):
        c.add("phone", _("A phone number has digits only (and + - ( ))."))
    if "party_hardship" in present:
        out["party_hardship"] = _flag(data, "party_hardship", c)
    if (
        "disability_type" in out
        and "disability_grade" in out
        and (bool(out["disability_type"]) != bool(out["disability_grade"]))
    ):
        c.add("disability_grade", _("A disability has both a type and a grade."))
    c.raise_if_any()
    return cast(MemberFields, out)


_TRUE = {"1", "true", "yes", "y", "on", "是"}
_FALSE = {"", "0", "false", "no", "n", "off", "否"}


def _flag(data: Mapping[str, Any], field: str, c: _Collector) -> bool:
    """A register marker (军属, 困难党员): a bool, or yes/no as a form, a file or the API sends it."""
    raw = data.get(field)
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text not in _FALSE:
        c.add(field, _("'%(v)s' is not yes or no.") % {"v": raw})
    return False


def _month(value: Any, field: str, c: _Collector) -> datetime.date | None:
    """'2026-03', a date in it, or a date → the first day of that month (`core.months`)."""
    try:
        return months.parse_month_or_none(value, field)
    except DomainError as exc:
        c.errors.update(exc.errors)
        return None


def clean_income(data: Mapping[str, Any]) -> IncomeFields:
    c = _Collector()
    item = data.get("item") or ""
    if item and not _is_value(item, IncomeItem):
        c.add("item", _("'%(v)s' is not a known income item.") % {"v": item})
        item = ""
    out: dict[str, Any] = {"item": item}
    if item and data.get("kind") in (None, ""):
        out["kind"] = ITEM_KIND[IncomeItem(item)]
    else:
        out["kind"] = c.choice(data, "kind", IncomeKind)
        if item and out["kind"] and ITEM_KIND[IncomeItem(item)] != out["kind"]:
            c.add("item", _("This income item does not belong to the income type chosen."))
    try:
        out["amount"] = parse_amount(data.get("amount"), column=Income._meta.get_field("amount"))
    except DomainError as exc:
        c.errors.update(exc.errors)
    out["source"] = c.text(data, "source", required=False, max_length=100)
    out["notes"] = c.text(data, "notes", required=False, max_length=500)
    out["month_from"] = _month(data.get("month_from"), "month_from", c)
    out["month_to"] = _month(data.get("month_to"), "month_to", c)
    if out["month_from"] is None and "month_from" not in c.errors:
        c.add("month_from", _("This field is required."))
    if out["month_from"] and out["month_to"] and out["month_to"] < out["month_from"]:
        c.add("month_to", _("The last month cannot be before the first."))
    c.raise_if_any()
    return cast(IncomeFields, out)


def clean_asset(data: Mapping[str, Any]) -> AssetFields:
    c = _Collector()
    out: dict[str, Any] = {"kind": c.choice(data, "kind", AssetKind)}
    try:
        out["value"] = parse_amount(data.get("value"), column=Asset._meta.get_field("value"), field="value")
    except DomainError as exc:
        c.errors.update(exc.errors)
    out["notes"] = c.text(data, "notes", required=False, max_length=500)
    try:
        out["recorded_on"] = (
            months.parse_date(data.get("recorded_on"), "recorded_on") or datetime.date.today()
        )
    except DomainError as exc:
        c.errors.update(exc.errors)
    c.raise_if_any()
    return cast(AssetFields, out)


_YES = {True, "true", "True", "1", "yes", "on"}
_NO = {False, "false", "False", "0", "no", "off"}


def _yes_no(data: Mapping[str, Any], field: str, c: _Collector) -> bool | None:
    value = data.get(field)
    if isinstance(value, str):
        value = value.strip()
    if value in _YES:
        return True
    if value in _NO:
        return False
    if value in (None, ""):
        c.add(field, _("Say yes or no."))
    else:
        c.add(field, _("'%(v)s' is not yes or no.") % {"v": value})
    return None


def _date(
    data: Mapping[str, Any], field: str, c: _Collector, *, today: datetime.date
) -> datetime.date | None:
    """A date that has happened: a record of what was assessed or spent, not a plan."""
    try:
        day = months.parse_date(data.get(field), field)
    except DomainError as exc:
        c.errors.update(exc.errors)
        return None
    if day is None:
        c.add(field, _("This field is required."))
    elif day > today:
        c.add(field, _("The date cannot be in the future."))
    return day


def clean_supporter(data: Mapping[str, Any]) -> SupporterFields:
    """A legal supporter's name, ID number (the register's rule), relation and capacity. A
    supporter who cannot support says why in the note (重病, 重残, 低收入, 服刑 …)."""
    c = _Collector()
    out: dict[str, Any] = {"name": re.sub(r"\s+", "", c.text(data, "name", required=True, max_length=40))}
    if out["name"].startswith(FORMULA_STARTS):
        c.add("name", _("A name cannot begin with = + - or @ (a spreadsheet takes it for a formula)."))
    try:
        out["id_number"] = idnumbers.parse(data.get("id_number")).number
    except DomainError as exc:
        c.errors.update(exc.errors)
    out["relation"] = c.choice(data, "relation", SupporterRelation)
    out["able"] = _yes_no(data, "able", c)
    out["note"] = c.text(data, "note", required=False, max_length=200)
    if out["able"] is False and not out["note"]:
        c.add(
            "note",
            _("Say why this supporter cannot support (serious illness, disability, low income, prison …)."),
        )
    c.raise_if_any()
    return cast(SupporterFields, out)


def clean_care_assessment(data: Mapping[str, Any], *, today: datetime.date) -> CareAssessmentFields:
    """The assessment's date, the activities failed (each once, from the six) and who assessed;
    the level follows from their count."""
    c = _Collector()
    out: dict[str, Any] = {"assessed_on": _date(data, "assessed_on", c, today=today)}
    failed = data.get("failed") or []
    if isinstance(failed, str):
        failed = [failed]
    if not isinstance(failed, list | tuple):
        c.add("failed", _("A list of activities is expected."))
        failed = []
    unknown = [str(a) for a in failed if not _is_value(a, Activity)]
    if unknown:
        c.add("failed", _("'%(v)s' is not one of the six activities.") % {"v": "、".join(unknown)})
    # In the order of the six, each once, whatever order they were sent in.
    out["failed"] = [a for a in Activity.values if a in set(map(str, failed))]
    out["activities_failed"] = len(out["failed"])
    out["level"] = care_level(out["activities_failed"])
    out["assessor"] = c.text(data, "assessor", required=True, max_length=100)
    out["note"] = c.text(data, "note", required=False, max_length=500)
    c.raise_if_any()
    return cast(CareAssessmentFields, out)


def clean_rigid_spending(data: Mapping[str, Any], *, today: datetime.date) -> RigidSpendingFields:
    c = _Collector()
    out: dict[str, Any] = {"kind": c.choice(data, "kind", RigidSpendingKind)}
    try:
        amount = parse_amount(data.get("amount"), column=RigidSpending._meta.get_field("amount"))
    except DomainError as exc:
        c.errors.update(exc.errors)
    else:
        if amount <= 0:
            c.add("amount", _("Spending is more than zero."))
        out["amount"] = amount
    out["spent_on"] = _date(data, "spent_on", c, today=today)
    out["note"] = c.text(data, "note", required=False, max_length=500)
    c.raise_if_any()
    return cast(RigidSpendingFields, out)
