"""临时救助 (`temporary`): what a decision grants and who may decide it, from the county's terms.

Steps of a decision, in order (a pure function of the terms, the standard and what was asked —
it reads neither the database nor the clock):
1. the kind: emergency (急难型: fire, accident, sudden illness — anyone present, no hukou limit) or
   expense-driven (支出型: a large necessary expense of a household whose means are low);
2. the amount: the tier of the hardship level (its months × the local 低保 standard), or an amount
   given with a written reason;
3. in months of the standard, who may decide it: up to the street's limit the street, above it
   the county; help first (先行救助) only up to its own limit, and by the community only where the
   county delegates it.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.core.errors import DomainError
from dibao.core.roles import Role

FEN = Decimal("0.01")
EMERGENCY, EXPENSE = "emergency", "expense"
KINDS = {EMERGENCY: _("emergency (急难型)"), EXPENSE: _("expense-driven (支出型)")}
CATEGORIES = {
    "fire": _("fire"),
    "accident": _("accident"),
    "illness": _("sudden illness"),
    "disaster": _("natural disaster"),
    "medical": _("medical expense"),
    "education": _("education expense"),
    "other": _("other"),
}


@dataclass(frozen=True)
class Amount:
    amount: Decimal
    months: Decimal  # in months of the standard (what the deciding limits are in)
    level: str  # the hardship level, or "" for an amount given with a reason
    lines: list[dict[str, Any]] = field(default_factory=list)


def decided_amount(
    *, terms: dict[str, Any], standard: Decimal, level: object, amount: Decimal | None, amount_reason: str
) -> Amount:
    """Step 2: the tier of `level`, or `amount` with its reason."""
    if standard <= 0:
        raise DomainError(_("No local standard is set for this month: set it first."))
    if amount is not None:
        if not amount_reason.strip():
            raise DomainError(
                _("An amount other than a tier needs a written reason."), field="override_reason"
            )
        months = (amount / standard).quantize(FEN, ROUND_HALF_UP)
        line = {"text": f"{amount} 元 ({months} × {standard}): {amount_reason.strip()}"}
        return Amount(amount=amount, months=months, level="", lines=[line])
    tiers = terms.get("tiers") or {}
    key = str(level or "").strip()
    if key not in tiers:
        raise DomainError(
            _("Choose a hardship level (%(levels)s) or give an amount with a reason.")
            % {"levels": ", ".join(tiers)},
            field="level",
        )
    months = Decimal(str(tiers[key]))
    value = (months * standard).quantize(FEN, ROUND_HALF_UP)
    line = {"text": f"level {key}: {months} × {standard} = {value} 元"}
    return Amount(amount=value, months=months, level=key, lines=[line])


def may_decide(*, terms: dict[str, Any], role: str | None, months: Decimal, help_first: bool) -> None:
    """Step 3: refuses with the limit when `role` may not decide `months` of the standard
    (`role` None: the console, which may)."""
    if role is None or role == Role.COUNTY:
        return
    if help_first:
        limit = Decimal(str(terms.get("help_first_months", "2")))
        if role == Role.COMMUNITY and not terms.get("help_first_community"):
            raise DomainError(
                _("Help first is given by the street; the county has not delegated it to communities.")
            )
        if months > limit:
            raise DomainError(
                _(
                    "Help first is limited to %(limit)s months of the standard; "
                    "decide the rest after the paperwork."
                )
                % {"limit": limit},
                field="amount",
            )
        return
    limit = Decimal(str(terms.get("street_limit_months", "2")))
    if role == Role.COMMUNITY:
        raise DomainError(_("A community does not decide temporary assistance."))
    if months > limit:
        raise DomainError(
            _(
                "%(months)s months of the standard is above the street's limit of %(limit)s months: "
                "the county decides it."
            )
            % {"months": months, "limit": limit},
            field="amount",
            code="county_decides",
        )
