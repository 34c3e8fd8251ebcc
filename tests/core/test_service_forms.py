"""`core.service_forms`: a form typed by the data its service takes (`ServiceForm[HouseholdData]`)
names its inputs as that data's keys, so what `values()` hands the service is what mypy was told."""

import importlib
import importlib.util
import typing

from django.apps import apps

from dibao.core.service_forms import ServiceForm

# Inputs a page reads itself rather than handing them to the service: the area or community it
# finds as a model, and the version of the record the user saw.
READ_BY_THE_PAGE = {"area", "community", "version"}


def _service_forms() -> list[type[ServiceForm]]:
    for config in apps.get_app_configs():
        if config.name.startswith("dibao.") and importlib.util.find_spec(f"{config.name}.forms"):
            importlib.import_module(f"{config.name}.forms")
    found, waiting = [], list(ServiceForm.__subclasses__())
    while waiting:
        form_class = waiting.pop()
        found.append(form_class)
        waiting.extend(form_class.__subclasses__())
    return found


def _data_of(form_class: type) -> type | None:
    """The typed dict a form class (or the nearest class it derives from) is parameterised with."""
    for klass in form_class.__mro__:
        for base in klass.__dict__.get("__orig_bases__", ()):
            args = typing.get_args(base)
            if args and typing.is_typeddict(args[0]):
                return args[0]
    return None


def _unknown_inputs(form_class: type[ServiceForm], data: typing.Any) -> set[str]:
    return set(form_class.base_fields) - READ_BY_THE_PAGE - data.__required_keys__ - data.__optional_keys__


def test_a_typed_form_names_its_inputs_as_the_keys_of_its_data():
    checked = {}
    for form_class in _service_forms():
        data = _data_of(form_class)
        if data is None:
            continue
        checked[form_class.__name__] = data.__name__
        unknown = _unknown_inputs(form_class, data)
        assert not unknown, f"{form_class.__name__} hands {data.__name__} inputs it has no key for: {unknown}"
    # The check reaches the forms of every app that types its services' data.
    for form, data in [
        ("HouseholdCreateForm", "HouseholdData"),
        ("MemberEditForm", "MemberData"),
        ("IncomeForm", "IncomeData"),
        ("RulesForm", "RulesData"),
        ("ApproveForm", "StepData"),
        ("VerificationForm", "VerificationData"),
    ]:
        assert checked.get(form) == data


def test_an_input_the_data_has_no_key_for_is_found(monkeypatch):
    from dibao.registry.forms import HouseholdForm

    assert _unknown_inputs(HouseholdForm, _data_of(HouseholdForm)) == set()
    monkeypatch.setitem(HouseholdForm.base_fields, "adress", HouseholdForm.base_fields["address"])
    assert _unknown_inputs(HouseholdForm, _data_of(HouseholdForm)) == {"adress"}
