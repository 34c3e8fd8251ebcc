"""The assessment panel of a household's page: the means test and the benefit for one month, with
its explanation, and the entitlement the household holds. The register's household page shows it
through `core.panels.HOUSEHOLD_PAGE` (registered in `BenefitsConfig.ready`): the register sits
below policy and benefits and imports neither."""

import datetime
from dataclasses import dataclass, field

from dibao.accounts.models import User
from dibao.core.months import this_month
from dibao.policy.assessment import assess
from dibao.policy.engine.calculation import Assessment, NotAssessable
from dibao.policy.engine.explanation import render
from dibao.policy.forms import MonthForm
from dibao.policy.models import BenefitClass, ManagementClass
from dibao.policy.programs import codes
from dibao.registry.models import Household

from .models import Entitlement
from .selectors import entitlement_history, entitlement_in_force


@dataclass
class EntitlementRow:
    entitlement: Entitlement
    void: bool  # replaced before it began: in force in no month


@dataclass
class AssessmentPanel:
    form: MonthForm
    month: datetime.date
    result: Assessment | None = None
    problem: str = ""  # why the household cannot be assessed at all
    reasons: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    entitlement: Entitlement | None = None
    history: list[EntitlementRow] = field(default_factory=list)

    @property
    def benefit_class(self) -> str:
        return str(BenefitClass(self.result.benefit_class).label) if self.result else ""

    @property
    def management_class(self) -> str:
        return str(ManagementClass(self.result.management_class).label) if self.result else ""


def assessment_panel(user: User, household: Household, month_text: str | None) -> AssessmentPanel:
    """Seven queries for the facts and the policy, two for the entitlement: the same for any household."""
    form = MonthForm({"month": month_text or f"{this_month():%Y-%m}"})
    form.is_valid()  # a wrong month is shown beside its input; this month is assessed meanwhile
    month = getattr(form, "cleaned_data", {}).get("month") or this_month()
    panel = AssessmentPanel(form=form, month=month)
    try:
        panel.result = assess(household, month)
    except NotAssessable as exc:
        panel.problem = exc.line.render()
    else:
        panel.reasons = render(panel.result.reasons)
        panel.lines = render(panel.result.lines)
    panel.entitlement = entitlement_in_force(household, month, program=codes.DIBAO)
    panel.history = [
        EntitlementRow(e, e.month_to is not None and e.month_to < e.month_from)
        for e in entitlement_history(user, household)
    ]
    return panel
