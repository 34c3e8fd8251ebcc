"""A rules version as rows a person reads: each field's label and its value in words.

Kept apart from the views so that the page in force and every version in the history show a rule
the same way (a choice by its label, an empty limit as "no limit", class amounts and add-ons
spelled out)."""

from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.utils.translation import gettext as _

from dibao.core.service_forms import field_label
from dibao.registry.models import IncomeItem, UrbanRural

from ..forms import RULE_GROUPS
from ..models import AddOnBasis, AddOnCriterion, BenefitClass, DeductionBasis, Rules

_SHARES = (DeductionBasis.SHARE_OF_WAGE, DeductionBasis.SHARE_OF_STANDARD)


@dataclass(frozen=True)
class RuleRow:
    name: str
    label: Any
    values: list[str]  # one line each; most fields have one


def _label_of(choices: type[models.Choices], value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)  # a code no longer in the catalogue is shown as stored


def _class_amounts(value: Any) -> list[str]:
    lines = []
    for kind in UrbanRural.values:
        amounts = (value or {}).get(kind) or {}
        if amounts:
            shown = " · ".join(
                f"{BenefitClass(cls).label} {amounts[cls]}" for cls in BenefitClass.values if cls in amounts
            )
            lines.append(_("%(kind)s: %(amounts)s") % {"kind": UrbanRural(kind).label, "amounts": shown})
    return lines or [_("None")]


def _add_ons(value: Any) -> list[str]:
    lines = []
    for add_on in value or []:
        params = {
            "criterion": _label_of(AddOnCriterion, add_on.get("criterion")),
            "value": add_on.get("value"),
        }
        if add_on.get("basis") == AddOnBasis.SHARE_OF_STANDARD:
            lines.append(_("%(criterion)s: %(value)s%% of the standard") % params)
        else:
            lines.append(_("%(criterion)s: %(value)s yuan") % params)
    return lines or [_("None")]


def shown(rules: Rules, name: str) -> list[str]:
    value = getattr(rules, name)
    if name == "excluded_items":
        return [_label_of(IncomeItem, code) for code in value or []] or [_("None: every income counts")]
    if name == "class_amounts":
        return _class_amounts(value)
    if name == "add_ons":
        return _add_ons(value)
    if cast(models.Field, Rules._meta.get_field(name)).choices:
        return [str(getattr(rules, f"get_{name}_display")())]
    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    if value is None:
        return [_("No limit")]
    if name == "deduction_value" and rules.deduction_basis in _SHARES:
        return [f"{value}%"]
    return [str(value)]


def rule_rows(rules: Rules) -> list[tuple[Any, list[RuleRow]]]:
    """Every field of `rules`, grouped as the form groups them."""
    return [
        (legend, [RuleRow(name, field_label(Rules, name), shown(rules, name)) for name in names])
        for legend, names in RULE_GROUPS
    ]
