"""Self-care assessments (生活自理能力评估): kept as history, the latest by date counts."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError

from ..inputs import CareAssessmentData
from ..models import CareAssessment, Household
from ..validation import clean_care_assessment
from .access import require_writer
from .means import member_of


def care_assessment_add(*, household: Household, data: CareAssessmentData, actor: User) -> CareAssessment:
    require_writer(actor, household.community)
    values = clean_care_assessment(data, today=timezone.localdate())
    member = member_of(household, data.get("member"))
    if member is None:
        raise DomainError(_("Choose the member assessed."), field="member")
    values["member"] = member
    with transaction.atomic():
        assessment = CareAssessment.objects.create(**values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=assessment,
            area_code=household.community.code,
            household_id=household.pk,
            after=audit.snapshot(assessment),
        )
    return assessment


def care_assessment_delete(*, assessment: CareAssessment, actor: User) -> None:
    """An assessment recorded by mistake; a new assessment is added, never written over an old one."""
    household = assessment.member.household
    require_writer(actor, household.community)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            obj=assessment,
            area_code=household.community.code,
            household_id=household.pk,
            before=audit.snapshot(assessment),
        )
        assessment.delete()
