"""An assessment as data for people and programs: the JSON of the API and `dibao assess --json`,
and the rows of the household page. Rendered in the active language."""

from typing import Any

from dibao.registry.models import Household

from .engine.calculation import Assessment
from .engine.explanation import render
from .models import BenefitClass, ManagementClass


def assessment_json(result: Assessment, household: Household) -> dict[str, Any]:
    return {
        "household": household.number,
        "month": f"{result.month:%Y-%m}",
        "assessable": True,
        "eligible": result.eligible,
        "reasons": render(result.reasons),
        "covered_members": result.covered,
        "single_member": result.single_member_id,
        "urban_rural": result.urban_rural,
        "standard": str(result.standard),
        "standard_area": result.standard_area,
        "rules_area": result.rules_area,
        "incomes": [
            {
                "member": row.member_id,
                "name": row.name,
                "counted": str(row.counted),
                "excluded": str(row.excluded),
                "disregarded": str(row.disregarded),
                "deduction": str(row.deduction),
            }
            for row in result.incomes
        ],
        "counted_income": str(result.counted_income),
        "excluded_income": str(result.excluded_income),
        "deductions": str(result.deductions),
        "per_capita_income": str(result.per_capita_income),
        "gap": str(result.gap),
        "benefit_class": result.benefit_class,
        "benefit_class_label": str(BenefitClass(result.benefit_class).label),
        "member_classes": {str(k): v for k, v in result.member_classes.items()},
        "add_ons": str(result.add_ons),
        "before_rounding": str(result.before_rounding),
        "monthly_amount": str(result.monthly_amount),
        "management_class": result.management_class,
        "management_class_label": str(ManagementClass(result.management_class).label),
        "review_months": result.review_months,
        "next_review": result.next_review.isoformat(),
        "explanation": render(result.lines),
    }
