"""The county's rules in words and numbers: what each rule code means, the line an income rule
draws, and the rule a county has set (`CheckRule`, the defaults when it has set none)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from dibao.areas.models import Area
from dibao.core.roles import Role
from dibao.policy.engine.context import contexts_for

from .models import CheckRule

# Who imports files and sets the rules; who works flags; who reads them.
IMPORTERS = frozenset({Role.COUNTY})
WORKERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})


def rule_for(county_id: int) -> CheckRule:
    return CheckRule.objects.filter(county_id=county_id).first() or CheckRule(county_id=county_id)


def thresholds(county: Area, rule: CheckRule, day: datetime.date) -> dict[str, Decimal]:
    """The income rules' line by urban/rural: the county's share of the dibao standard in force.
    A kind with no standard set has no line, and nothing of that kind is flagged for income."""
    context = contexts_for([county], day)[county.pk]
    return {
        kind: (used.amount * rule.income_share / 100).quantize(Decimal("0.01"))
        for kind, used in context.standards.items()
    }


def rule_text(code: str, rule: CheckRule, threshold: Decimal | None = None) -> str:
    """The rule a flag tripped, in words, as the county set it when the file was matched."""
    if code == "paid_after_death":
        return _("Died before the last month paid: payments after the death are to be recovered.")
    if code == "vehicle":
        if rule.exempt_mobility_vehicle:
            return _("Owns a vehicle other than a disabled member's mobility vehicle.")
        return _("Owns a vehicle.")
    if code == "homes":
        return _("The household owns more homes than the %(n)d allowed.") % {"n": rule.homes_allowed}
    if code == "not_a_home":
        return _("Owns property that is not a home (shop, office, workshop).")
    if code == "business":
        return _("Holds a role in a registered business.")
    if code == "income":
        return _(
            "Pension or contribution base above %(share)d%% of the standard (%(line)s yuan a month)."
        ) % {
            "share": rule.income_share,
            "line": f"{threshold:.2f}" if threshold is not None else "—",
        }
    return _("Employed in the public sector.")
