"""The labour panel of a household's page (`core.panels.HOUSEHOLD_PAGE`, registered in
`LabourConfig.ready`): each member's obligation in the month shown and why anyone is exempt, the
exemptions recorded by hand, attendance, reminders and reviews; and the form to record an
exemption, for those who may."""

import datetime
from dataclasses import dataclass

from dibao.accounts.models import User
from dibao.core.months import parse_month, this_month
from dibao.core.roles import LABOUR_WORKERS
from dibao.registry.models import Household

from .forms import ExemptionForm
from .selectors import HouseholdLabour, household_labour


@dataclass
class LabourPanel:
    month: datetime.date
    labour: HouseholdLabour
    form: ExemptionForm | None


def labour_panel(user: User, household: Household, month_text: str | None) -> LabourPanel:
    try:
        month = parse_month(month_text) if month_text else this_month()
    except Exception:  # a wrong month is shown beside the assessment's input; this month is shown here
        month = this_month()
    labour = household_labour(user, household, month)
    form = None
    if user.role in LABOUR_WORKERS:
        form = ExemptionForm(
            members=[m.member for m in labour.members], initial={"month_from": f"{this_month():%Y-%m}"}
        )
    return LabourPanel(month=month, labour=labour, form=form)
