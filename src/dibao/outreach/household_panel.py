"""The household page's panel of what its members were registered for and received, and the jobs
they were referred to (registered on `core.panels.HOUSEHOLD_PAGE` in `OutreachConfig.ready`):
two queries for any household."""

from dataclasses import dataclass, field

from dibao.accounts.models import User
from dibao.registry.models import Household

from . import selectors
from .access import WRITERS
from .models import Entry, Referral


@dataclass
class OutreachPanel:
    household: Household
    entries: list[Entry] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    may_write: bool = False


def outreach_panel(user: User, household: Household, month_text: str | None) -> OutreachPanel:
    return OutreachPanel(
        household=household,
        entries=list(selectors.entries(user, household_id=household.pk)[:50]),
        referrals=list(selectors.referrals(user, household_id=household.pk)[:50]),
        may_write=user.role in WRITERS,
    )
