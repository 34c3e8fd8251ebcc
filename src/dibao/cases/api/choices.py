"""The choice sets of the applications API, each under its own name in the schema."""

from typing import Any

from dibao.core.api.fields import NamedChoiceField

from .. import workflow
from ..models import AppraisalOpinion, CloseRelative, Kind, MaterialKind, SpotCheck, State, Verification


def state_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(State.choices, enum_name="ApplicationStateEnum", **kwargs)


def step_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(
        [(step.name, step.label) for step in workflow.STEPS.values()], enum_name="StepEnum", **kwargs
    )


def kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(Kind.choices, enum_name="ApplicationKindEnum", **kwargs)


def material_kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(MaterialKind.choices, enum_name="MaterialKindEnum", **kwargs)


def verification_kind_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(Verification.Kind.choices, enum_name="VerificationKindEnum", **kwargs)


def opinion_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(AppraisalOpinion.Opinion.choices, enum_name="AppraisalOpinionEnum", **kwargs)


def relation_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(CloseRelative.Relation.choices, enum_name="CloseRelativeRelationEnum", **kwargs)


def finding_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(SpotCheck.Finding.choices, enum_name="SpotCheckFindingEnum", **kwargs)
