"""The rules for a standard's and a rule set's fields, in one place (pages, API and commands)."""

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from dibao.core.counts import parse_count
from dibao.core.errors import DomainError
from dibao.core.money import parse_amount
from dibao.core.months import parse_month
from dibao.registry.models import IncomeItem, UrbanRural

from .models import (
    AddOnBasis,
    AddOnCriterion,
    BenefitClass,
    BenefitMode,
    DeductionBasis,
    ProgramRules,
    RoundingMethod,
    RoundingUnit,
    Rules,
    Standard,
    StopMonthPay,
)
from .programs.codes import DIBAO
from .programs.terms import clean_terms
from .programs.terms import defaults as term_defaults


def _column(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)  # type: ignore[return-value]


# Class amounts and fixed add-ons are yuan per person, as the standard is, and kept as text in JSON
# columns: they are bounded by the standard's column, which is what they are paid beside.
PER_PERSON = _column(Standard, "amount")


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[Any]] = {}

    def add(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, []).append(message)

    def run(self, field: str, parse: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(*args, **kwargs)
        except DomainError as exc:
            for messages in exc.errors.values():
                for message in messages:
                    self.add(field, message)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainError(errors=self.errors)


def _positive(value: Any, field: str, column: models.Field) -> Decimal:
    amount = parse_amount(value, column=column, field=field)
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field=field)
    return amount


def _not_negative(value: Any, field: str, column: models.Field) -> Decimal:
    return parse_amount(value if value not in (None, "") else "0", column=column, field=field)


def parse_standard(value: Any, field: str = "standard") -> Decimal:
    """A standard as typed for "what if": yuan per person, more than zero, as a standard is stored."""
    return _positive(value, field, PER_PERSON)


def clean_standard(data: Mapping[str, Any]) -> dict[str, Any]:
    e = _Errors()
    out: dict[str, Any] = {"kind": data.get("kind")}
    if out["kind"] not in UrbanRural.values:
        e.add("kind", _("Choose urban or rural."))
    out["amount"] = e.run("amount", _positive, data.get("amount"), "amount", PER_PERSON)
    out["valid_from"] = e.run("valid_from", parse_month, data.get("valid_from"), "valid_from")
    out["valid_to"] = None
    if data.get("valid_to") not in (None, ""):
        out["valid_to"] = e.run("valid_to", parse_month, data.get("valid_to"), "valid_to")
        if out["valid_from"] and out["valid_to"] and out["valid_to"] < out["valid_from"]:
            e.add("valid_to", _("The last month cannot be before the first."))
    out["note"] = str(data.get("note") or "").strip()[:200]
    e.raise_if_any()
    return out


def _choice(e: _Errors, data: Mapping[str, Any], field: str, choices: Any, default: Any) -> Any:
    value = data.get(field, default)
    if value in (None, ""):
        value = default
    if str(value) not in choices.values:
        e.add(field, _("'%(v)s' is not one of the allowed values.") % {"v": value})
    return str(value)


def _count(
    e: _Errors, data: Mapping[str, Any], field: str, default: int | None, *, optional: bool = False
) -> Any:
    value = data.get(field, default)
    if value in (None, ""):
        if optional:
            return None
        value = default
    try:
        return parse_count(value, column=_column(Rules, field), field=field, minimum=0, maximum=999)
    except DomainError as exc:
        for message in exc.errors[field]:
            e.add(field, message)
        return default


def _flag(data: Mapping[str, Any], field: str, default: bool) -> bool:
    value = data.get(field, default)
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on", "是")
    return bool(value)


def _class_amounts(e: _Errors, value: Any, modes: dict[str, str]) -> dict[str, dict[str, str]]:
    value = value or {}
    out: dict[str, dict[str, str]] = {}
    if not isinstance(value, Mapping):
        e.add("class_amounts", _("Class amounts are given per urban/rural and class."))
        return out
    for kind, classes in value.items():
        if kind not in UrbanRural.values or not isinstance(classes, Mapping):
            e.add("class_amounts", _("'%(v)s' is not urban or rural.") % {"v": kind})
            continue
        for cls, amount in classes.items():
            if cls not in BenefitClass.values:
                e.add("class_amounts", _("'%(v)s' is not a benefit class (A, B or C).") % {"v": cls})
                continue
            if amount in (None, ""):
                e.add(
                    "class_amounts", _("Class %(cls)s (%(kind)s) has no amount.") % {"cls": cls, "kind": kind}
                )
                continue
            parsed = e.run("class_amounts", _not_negative, amount, "class_amounts", PER_PERSON)
            if parsed is not None:
                out.setdefault(kind, {})[cls] = str(parsed)
    for kind, mode in modes.items():
        if mode == BenefitMode.GAP:
            continue
        for cls in BenefitClass.values:
            if cls not in out.get(kind, {}) and not e.errors.get("class_amounts"):
                e.add(
                    "class_amounts",
                    _("Class %(cls)s (%(kind)s) has no amount.")
                    % {"cls": cls, "kind": UrbanRural(kind).label},
                )
    return out


def _add_ons(e: _Errors, value: Any) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    if value in (None, ""):
        return out
    if not isinstance(value, list):
        e.add("add_ons", _("Add-ons are a list."))
        return out
    seen: set[str] = set()
    for position, add_on in enumerate(value, start=1):
        if not isinstance(add_on, Mapping):
            e.add("add_ons", _("Add-on %(n)s: not understood.") % {"n": position})
            continue
        criterion, basis = add_on.get("criterion"), add_on.get("basis", AddOnBasis.FIXED)
        if criterion not in AddOnCriterion.values:
            e.add("add_ons", _("Add-on %(n)s: '%(v)s' is not a criterion.") % {"n": position, "v": criterion})
            continue
        if criterion in seen:
            e.add("add_ons", _("Add-on %(n)s: each criterion at most once.") % {"n": position})
        seen.add(criterion)
        if basis not in AddOnBasis.values:
            e.add("add_ons", _("Add-on %(n)s: '%(v)s' is not a basis.") % {"n": position, "v": basis})
            continue
        amount = e.run("add_ons", _positive, add_on.get("value"), "add_ons", PER_PERSON)
        if amount is not None:
            out.append({"criterion": criterion, "basis": basis, "value": str(amount)})
    return out


def clean_rules(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of a rule set, checked together so that all problems show at once."""
    e = _Errors()
    out: dict[str, Any] = {}
    out["valid_from"] = e.run("valid_from", parse_month, data.get("valid_from"), "valid_from")
    out["note"] = str(data.get("note") or "").strip()[:200]
    excluded = data.get("excluded_items") or []
    if isinstance(excluded, str):
        excluded = [code.strip() for code in re.split(r"[,，\s]+", excluded) if code.strip()]
    unknown = [code for code in excluded if code not in IncomeItem.values]
    if unknown:
        e.add("excluded_items", _("Unknown income item: %(v)s.") % {"v": ", ".join(map(str, unknown))})
    out["excluded_items"] = sorted({code for code in excluded if code in IncomeItem.values})
    out["deduction_basis"] = _choice(e, data, "deduction_basis", DeductionBasis, DeductionBasis.NONE)
    out["deduction_value"] = e.run(
        "deduction_value",
        _not_negative,
        data.get("deduction_value"),
        "deduction_value",
        _column(Rules, "deduction_value"),
    )
    share = out["deduction_basis"] in (DeductionBasis.SHARE_OF_WAGE, DeductionBasis.SHARE_OF_STANDARD)
    if share and out["deduction_value"] is not None and out["deduction_value"] > 100:
        e.add("deduction_value", _("A share is a percentage from 0 to 100."))
    out["new_job_disregard_months"] = _count(e, data, "new_job_disregard_months", 0)
    # Not given: the national default; given empty: the rule is switched off.
    out["financial_asset_months"] = _count(e, data, "financial_asset_months", 24, optional=True)
    out["vehicle_rule"] = _flag(data, "vehicle_rule", True)
    out["max_homes"] = _count(e, data, "max_homes", 1, optional=True)
    out["business_rule"] = _flag(data, "business_rule", True)
    modes = {}
    for kind in UrbanRural.values:
        out[f"{kind}_benefit_mode"] = modes[kind] = _choice(
            e, data, f"{kind}_benefit_mode", BenefitMode, BenefitMode.GAP
        )
    out["class_amounts"] = _class_amounts(e, data.get("class_amounts"), modes)
    out["add_ons"] = _add_ons(e, data.get("add_ons"))
    out["minimum_per_person"] = e.run(
        "minimum_per_person",
        _not_negative,
        data.get("minimum_per_person"),
        "minimum_per_person",
        _column(Rules, "minimum_per_person"),
    )
    out["rounding_unit"] = _choice(e, data, "rounding_unit", RoundingUnit, RoundingUnit.FEN)
    out["rounding_method"] = _choice(e, data, "rounding_method", RoundingMethod, RoundingMethod.UP)
    for field, default in (
        ("review_months_first", 6),
        ("review_months_second", 3),
        ("review_months_third", 1),
    ):
        out[field] = _count(e, data, field, default)
        if out[field] == 0:
            e.add(field, _("A review interval is at least one month."))
    out["single_person_enabled"] = _flag(data, "single_person_enabled", True)
    multiple = data.get("near_poverty_multiple") or "1.5"
    out["near_poverty_multiple"] = e.run(
        "near_poverty_multiple",
        _positive,
        multiple,
        "near_poverty_multiple",
        _column(Rules, "near_poverty_multiple"),
    )
    out["notice_days"] = _count(e, data, "notice_days", 7)
    out["decision_working_days"] = _count(e, data, "decision_working_days", 30)
    out["extension_working_days"] = _count(e, data, "extension_working_days", 15)
    out["appraisal_required"] = _flag(data, "appraisal_required", False)
    out["street_decides"] = _flag(data, "street_decides", False)
    out["gradual_exit_months"] = _count(e, data, "gradual_exit_months", 6)
    threshold = data.get("review_approval_threshold")
    out["review_approval_threshold"] = e.run(
        "review_approval_threshold",
        _not_negative,
        "100" if threshold in (None, "") else threshold,
        "review_approval_threshold",
        _column(Rules, "review_approval_threshold"),
    )
    out["stop_month_pay"] = _choice(e, data, "stop_month_pay", StopMonthPay, StopMonthPay.FULL)
    out["resume_back_pay"] = _flag(data, "resume_back_pay", False)
    e.raise_if_any()
    return out


RULE_FIELDS = (
    "excluded_items",
    "deduction_basis",
    "deduction_value",
    "new_job_disregard_months",
    "financial_asset_months",
    "vehicle_rule",
    "max_homes",
    "business_rule",
    "urban_benefit_mode",
    "rural_benefit_mode",
    "class_amounts",
    "add_ons",
    "minimum_per_person",
    "rounding_unit",
    "rounding_method",
    "review_months_first",
    "review_months_second",
    "review_months_third",
    "single_person_enabled",
    "near_poverty_multiple",
    "notice_days",
    "decision_working_days",
    "extension_working_days",
    "appraisal_required",
    "street_decides",
    "gradual_exit_months",
    "review_approval_threshold",
    "stop_month_pay",
    "resume_back_pay",
)


def clean_program_rules(code: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """An area's terms for a program beside 低保: in use or not, a local name, and its terms
    (`policy.programs.terms`), checked together so that all problems show at once."""
    e = _Errors()
    out: dict[str, Any] = {}
    out["valid_from"] = e.run("valid_from", parse_month, data.get("valid_from"), "valid_from")
    out["enabled"] = _flag(data, "enabled", True)
    name = str(data.get("local_name") or "").strip()
    if len(name) > _column(ProgramRules, "local_name").max_length:  # type: ignore[operator]
        e.add("local_name", _("A name of at most 40 characters."))
    out["local_name"] = name
    out["note"] = str(data.get("note") or "").strip()[:200]
    given = data.get("terms")
    if code == DIBAO and given:
        e.add("terms", _("The terms of dibao are its standards and rules; set them there."))
        given = None
    try:
        # Only what differs from the program's default is kept, so a later change of a default
        # reaches every area that did not choose otherwise.
        out["terms"] = {k: v for k, v in clean_terms(code, given).items() if v != term_defaults(code).get(k)}
    except DomainError as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                e.add(field, message)
    e.raise_if_any()
    return out
