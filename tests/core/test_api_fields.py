"""The API's one choice field: a choice set named once in the schema, whatever its fields are called."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from dibao.core.api.fields import NamedChoiceField
from dibao.policy.models import BenefitMode

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)


def test_a_choices_class_names_its_set_and_pairs_need_a_name():
    field = NamedChoiceField(BenefitMode)
    assert field.enum_name == "BenefitModeEnum" and list(field.choices) == list(BenefitMode.values)
    assert NamedChoiceField(BenefitMode, enum_name="ModeEnum").enum_name == "ModeEnum"
    assert NamedChoiceField([("a", "A")], enum_name="AEnum").choices == {"a": "A"}
    with pytest.raises(ImproperlyConfigured):
        NamedChoiceField([("a", "A")])


def test_a_wrong_choice_is_refused_as_any_choice_is():
    class Input(serializers.Serializer):
        mode = NamedChoiceField(BenefitMode)
        plain = serializers.ChoiceField(choices=BenefitMode.choices)

    data = Input(data={"mode": "x", "plain": "x"})
    assert not data.is_valid()
    assert data.errors["mode"] == [message.replace("plain", "mode") for message in data.errors["plain"]]


@pytest.mark.django_db
def test_one_set_under_two_fields_is_one_component_and_a_blank_filter_says_so():
    schema = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    mode = {"$ref": "#/components/schemas/BenefitModeEnum"}
    rules = schema["components"]["schemas"]["RulesInput"]["properties"]
    assert rules["urban_benefit_mode"] == rules["rural_benefit_mode"] == mode
    parameters = schema["paths"][f"{API}/recalculations/"]["get"]["parameters"]
    state = next(p for p in parameters if p["name"] == "state")["schema"]
    assert state == {
        "oneOf": [{"$ref": "#/components/schemas/RecalculationStateEnum"}, {"type": "string", "enum": [""]}]
    }


def test_an_optional_id_left_blank_in_a_query_is_refused_not_read_as_any():
    from django.http import QueryDict
    from rest_framework import serializers

    from dibao.core.api.fields import IdField

    class Query(serializers.Serializer):
        household = IdField(required=False)

    assert Query(data=QueryDict("")).is_valid()
    blank = Query(data=QueryDict("household="))
    assert not blank.is_valid() and "household" in blank.errors
    assert Query(data=QueryDict("household=7")).is_valid()
