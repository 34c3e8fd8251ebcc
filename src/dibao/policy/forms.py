"""Forms of the policy pages. They render inputs and parse what was typed; the services in
policy.services and benefits.services judge it (see core.service_forms), so each rule is written
once. The GET forms (which area and month to show, what to simulate) read months and amounts with
the same functions the services use, so a page and a command refuse the same input alike."""

from collections.abc import Mapping
from typing import Any, ClassVar, cast

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dibao.areas.forms import area_choices
from dibao.areas.models import Area
from dibao.core.errors import DomainError
from dibao.core.form_errors import validation_error
from dibao.core.forms import MonthField, month_input
from dibao.core.service_forms import BLANK, Data, ServiceForm, choice, field_label
from dibao.registry.models import IncomeItem, UrbanRural

from .inputs import ProgramRulesData, RulesData, StandardData
from .models import (
    AddOnBasis,
    AddOnCriterion,
    BenefitClass,
    BenefitMode,
    DeductionBasis,
    Program,
    ProgramKind,
    ProgramRules,
    RoundingMethod,
    RoundingUnit,
    Rules,
    Standard,
    StopMonthPay,
)
from .programs.in_force import display_name
from .programs.terms import Term, terms_of
from .validation import RULE_FIELDS, parse_standard

# The rule fields in the order and groups a county officer reads them (the page and the form).
RULE_GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_("Income"), ("excluded_items", "deduction_basis", "deduction_value", "new_job_disregard_months")),
    (_("Assets"), ("financial_asset_months", "vehicle_rule", "max_homes", "business_rule")),
    (
        _("Benefit"),
        (
            "urban_benefit_mode",
            "rural_benefit_mode",
            "class_amounts",
            "add_ons",
            "minimum_per_person",
            "rounding_unit",
            "rounding_method",
        ),
    ),
    (_("Management classes"), ("review_months_first", "review_months_second", "review_months_third")),
    (_("Single-person inclusion"), ("single_person_enabled", "near_poverty_multiple")),
    (
        _("Time limits"),
        (
            "notice_days",
            "decision_working_days",
            "extension_working_days",
            "appraisal_required",
            "street_decides",
            "gradual_exit_months",
        ),
    ),
    (_("Reviews and stops"), ("review_approval_threshold", "stop_month_pay", "resume_back_pay")),
)


def _area_field(form: forms.Form, areas: QuerySet[Area] | list[Area], *, blank: bool = False) -> None:
    options = area_choices(list(areas))
    cast(forms.ChoiceField, form.fields["area"]).choices = [BLANK, *options] if blank else options


def program_choices() -> list[tuple[str, str]]:
    """The recurring programs under their names in the page's language (one query)."""
    rows = Program.objects.filter(kind=ProgramKind.RECURRING)
    return [("", str(_("All programs"))), *((p.code, display_name(p)) for p in rows)]


def program_names(codes: set[str]) -> dict[str, str]:
    """Names of the programs a list shows, by code (a query only when there are some)."""
    if not codes:
        return {}
    return {p.code: display_name(p) for p in Program.objects.filter(code__in=codes)}


class ProgramFilterForm(forms.Form):
    """`?program=CODE` on a list page."""

    program = forms.ChoiceField(label=_("Program"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["program"]).choices = program_choices()

    def chosen(self) -> str:
        return str(self.cleaned_data.get("program") or "") if self.is_valid() else ""


class AreaMonthForm(forms.Form):
    """Which area and month the policy page shows (GET); every input may be left out."""

    area = forms.ChoiceField(label=_("Area"))
    month = MonthField(label=_("Month"))

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        _area_field(self, areas)


class MonthForm(forms.Form):
    """The month of the assessment on a household's page (GET)."""

    month = MonthField(label=_("Month"), required=False)


class SimulateForm(forms.Form):
    """The question "what if the standard were…" (GET: it writes nothing, so it may be bookmarked)."""

    area = forms.ChoiceField(label=_("Area"))
    kind = forms.ChoiceField(label=field_label(Standard, "kind"), choices=UrbanRural.choices)
    standard = forms.CharField(
        label=_("New standard"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        help_text=_("Yuan per person per month."),
    )
    month = MonthField(label=_("Month"), required=False)

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _area_field(self, areas)

    def clean_standard(self) -> Any:
        try:
            return parse_standard(self.cleaned_data["standard"])
        except DomainError as exc:
            raise validation_error(exc) from None


class _AreaServiceForm(ServiceForm[Data]):
    """A service form whose first input is the area it writes for (a code among the user's areas)."""

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _area_field(self, areas, blank=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The services take an area, not a code: a missing one is caught here.
        if not data.get("area"):
            self.add_error("area", _("This field is required."))
        return data


class StandardForm(_AreaServiceForm[StandardData]):
    required_inputs: ClassVar[tuple[str, ...]] = ("area", "kind", "amount", "valid_from")

    area = forms.ChoiceField(label=field_label(Standard, "area"))
    kind = choice(Standard, "kind", UrbanRural)
    amount = forms.CharField(
        label=field_label(Standard, "amount"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Yuan per person per month."),
    )
    valid_from = forms.CharField(label=field_label(Standard, "valid_from"), widget=month_input())
    note = forms.CharField(label=field_label(Standard, "note"), max_length=200)

    SERVICE_INPUTS = ("kind", "amount", "valid_from", "note")


# Class amounts: one input per urban/rural and class, in this order.
CLASS_CELLS = [(kind, cls) for kind in UrbanRural.values for cls in BenefitClass.values]
# Add-ons: one row per criterion at most (the service refuses a criterion twice).
ADD_ON_ROWS = len(AddOnCriterion.values)
_AMOUNT = {"inputmode": "decimal", "size": 8}


class ClassAmountsWidget(forms.MultiWidget):
    """Six inputs, urban and rural by class A, B and C, laid out as a small table."""

    template_name = "policy/widgets/class_amounts.html"

    def __init__(self) -> None:
        super().__init__({f"{kind}_{cls}": forms.TextInput(attrs=_AMOUNT) for kind, cls in CLASS_CELLS})

    def decompress(self, value: Any) -> list[str]:
        value = value if isinstance(value, dict) else {}
        return [str((value.get(kind) or {}).get(cls, "")) for kind, cls in CLASS_CELLS]

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        cells = context["widget"]["subwidgets"]
        size = len(BenefitClass.values)
        context["classes"] = [BenefitClass(cls).label for cls in BenefitClass.values]
        context["rows"] = [
            (UrbanRural(kind).label, cells[i * size : (i + 1) * size])
            for i, kind in enumerate(UrbanRural.values)
        ]
        return context


class ClassAmountsField(forms.MultiValueField):
    widget = ClassAmountsWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = [forms.CharField(required=False) for _cell in CLASS_CELLS]
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dict[str, dict[str, str]]:
        # Only the amounts typed: the service says which are missing for the modes chosen.
        out: dict[str, dict[str, str]] = {}
        for (kind, cls), value in zip(CLASS_CELLS, data_list or [], strict=False):
            if value not in (None, ""):
                out.setdefault(kind, {})[cls] = value
        return out


class AddOnsWidget(forms.MultiWidget):
    """Rows of criterion, basis and value; a row left blank is no add-on."""

    template_name = "policy/widgets/add_ons.html"

    def __init__(self) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {}
        for row in range(ADD_ON_ROWS):
            widgets[f"{row}_criterion"] = forms.Select(choices=[BLANK, *AddOnCriterion.choices])
            widgets[f"{row}_basis"] = forms.Select(choices=AddOnBasis.choices)
            widgets[f"{row}_value"] = forms.TextInput(attrs=_AMOUNT)
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[str]:
        rows = list(value) if isinstance(value, list) else []
        flat: list[str] = []
        for row in range(ADD_ON_ROWS):
            item = rows[row] if row < len(rows) and isinstance(rows[row], dict) else {}
            flat += [
                str(item.get("criterion", "")),
                str(item.get("basis", AddOnBasis.FIXED)),
                str(item.get("value", "")),
            ]
        return flat

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        # The initial value is the rules' list of add-ons, which MultiWidget would take for the
        # inputs' own values (it decompresses only what is not a list): decompress it here.
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            value = self.decompress(value)
        context = super().get_context(name, value, attrs)
        cells = context["widget"]["subwidgets"]
        context["rows"] = [(row + 1, cells[row * 3 : row * 3 + 3]) for row in range(ADD_ON_ROWS)]
        return context


class AddOnsField(forms.MultiValueField):
    widget = AddOnsWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = [forms.CharField(required=False) for _cell in range(ADD_ON_ROWS * 3)]
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> list[dict[str, str]]:
        values = list(data_list or [])
        out = []
        for row in range(0, len(values), 3):
            criterion, basis, value = values[row : row + 3]
            # A row with a value but no criterion is passed on, so the service says what is missing.
            if criterion or value:
                out.append({"criterion": criterion or "", "basis": basis or "", "value": value or ""})
        return out


def _number(name: str, *, help_text: Any = "") -> forms.CharField:
    # Text, not IntegerField: the service parses it and its message is the one shown.
    return forms.CharField(
        label=field_label(Rules, name),
        max_length=12,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )


def _flag(name: str) -> forms.BooleanField:
    return forms.BooleanField(label=field_label(Rules, name))


NO_LIMIT = _("Leave empty for no limit.")


class RulesForm(_AreaServiceForm[RulesData]):
    """Every field of a rules version; it starts from the rules in force (`initial_of`)."""

    required_inputs: ClassVar[tuple[str, ...]] = ("area", "valid_from")

    area = forms.ChoiceField(label=field_label(Rules, "area"))
    valid_from = forms.CharField(label=field_label(Rules, "valid_from"), widget=month_input())
    note = forms.CharField(label=field_label(Rules, "note"), max_length=200)
    excluded_items = forms.MultipleChoiceField(
        label=field_label(Rules, "excluded_items"),
        choices=IncomeItem.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        help_text=_("Ticked items are left out of the means test."),
    )
    deduction_basis = choice(Rules, "deduction_basis", DeductionBasis, blank=False)
    deduction_value = _number(
        "deduction_value", help_text=_("A percentage for a share; yuan for a fixed amount.")
    )
    new_job_disregard_months = _number("new_job_disregard_months")
    financial_asset_months = _number("financial_asset_months", help_text=NO_LIMIT)
    vehicle_rule = _flag("vehicle_rule")
    max_homes = _number("max_homes", help_text=NO_LIMIT)
    business_rule = _flag("business_rule")
    urban_benefit_mode = choice(Rules, "urban_benefit_mode", BenefitMode, blank=False)
    rural_benefit_mode = choice(Rules, "rural_benefit_mode", BenefitMode, blank=False)
    class_amounts = ClassAmountsField(
        label=field_label(Rules, "class_amounts"),
        help_text=_("Yuan per person per month; needed for the modes with class amounts."),
    )
    add_ons = AddOnsField(
        label=field_label(Rules, "add_ons"),
        help_text=_("Per qualifying member: yuan, or a percentage of the standard."),
    )
    minimum_per_person = _number("minimum_per_person")
    rounding_unit = choice(Rules, "rounding_unit", RoundingUnit, blank=False)
    rounding_method = choice(Rules, "rounding_method", RoundingMethod, blank=False)
    review_months_first = _number("review_months_first")
    review_months_second = _number("review_months_second")
    review_months_third = _number("review_months_third")
    single_person_enabled = _flag("single_person_enabled")
    near_poverty_multiple = _number("near_poverty_multiple")
    notice_days = _number("notice_days")
    decision_working_days = _number("decision_working_days")
    extension_working_days = _number("extension_working_days")
    appraisal_required = _flag("appraisal_required")
    street_decides = _flag("street_decides")
    gradual_exit_months = _number("gradual_exit_months")
    review_approval_threshold = _number("review_approval_threshold")
    stop_month_pay = choice(Rules, "stop_month_pay", StopMonthPay, blank=False)
    resume_back_pay = _flag("resume_back_pay")

    SERVICE_INPUTS = ("valid_from", "note", *RULE_FIELDS)

    @staticmethod
    def initial_of(values: dict[str, Any]) -> dict[str, Any]:
        """`policy.services.rules_values` as the form shows them (None is an empty input)."""
        return {name: ("" if value is None else value) for name, value in values.items()}

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in RULE_GROUPS]


class ProgramTermsForm(_AreaServiceForm[ProgramRulesData]):
    """An area's terms for a program beside 低保, one input per term (an amount per level or grade,
    rows of age bands or years), starting from the terms in force. A term left empty is not set:
    the program's default applies. Inputs are named as the service names its fields
    (`terms.care_home.full`), so each message goes beside its input."""

    required_inputs: ClassVar[tuple[str, ...]] = ("area", "valid_from")
    BAND_ROWS = 5
    YEAR_ROWS = 3

    area = forms.ChoiceField(label=field_label(ProgramRules, "area"))
    valid_from = forms.CharField(label=field_label(ProgramRules, "valid_from"), widget=month_input())
    enabled = forms.BooleanField(label=field_label(ProgramRules, "enabled"))
    local_name = forms.CharField(
        label=field_label(ProgramRules, "local_name"),
        max_length=40,
        help_text=_("Leave empty to use the program's own name."),
    )
    note = forms.CharField(label=field_label(ProgramRules, "note"), max_length=200)

    def __init__(self, *args: Any, code: str, in_force: Mapping[str, Any], **kwargs: Any) -> None:
        self.code = code
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Term, list[list[forms.BoundField]]]] = []
        for term in terms_of(code):
            names = self._add_term(term, in_force.get(term.name, term.default))
            self.rows.append((term, [[self[name] for name in row] for row in names]))

    def _add(self, name: str, label: Any, initial: Any, *, kind: str | tuple[Any, ...] = "text") -> str:
        label = capfirst(label)
        if kind == "flag":
            field: forms.Field = forms.BooleanField(label=label, initial=bool(initial))
        elif isinstance(kind, tuple):  # the choices of a "choice" term
            field = forms.ChoiceField(label=label, choices=kind, initial=initial)
        else:
            attrs = {"inputmode": "numeric" if kind == "whole" else "decimal", "size": 8}
            field = forms.CharField(
                label=label, max_length=20, initial=initial, widget=forms.TextInput(attrs=attrs)
            )
        field.required = False
        self.fields[name] = field
        return name

    def _add_term(self, term: Term, value: Any) -> list[list[str]]:
        """The term's inputs, as rows (one row for most terms; one per band or year)."""
        name = f"terms.{term.name}"
        if term.shape == "flag":
            return [[self._add(name, term.label, value, kind="flag")]]
        if term.shape == "choice":
            return [[self._add(name, term.label, value, kind=term.keys)]]
        if term.shape == "by_key":
            return [
                [self._add(f"{name}.{key}", label, (value or {}).get(key, "")) for key, label in term.keys]
            ]
        if term.shape == "bands":
            bands = list(value or [])
            return [
                [
                    self._add(f"{name}.{i}.from_age", _("from age"), _at(bands, i, "from_age"), kind="whole"),
                    self._add(f"{name}.{i}.amount", _("amount"), _at(bands, i, "amount")),
                ]
                for i in range(max(self.BAND_ROWS, len(bands)))
            ]
        if term.shape == "by_year":
            years = sorted((value or {}).items())
            return [
                [
                    self._add(
                        f"{name}.{i}.year", _("year"), years[i][0] if i < len(years) else "", kind="whole"
                    ),
                    self._add(f"{name}.{i}.amount", _("amount"), years[i][1] if i < len(years) else ""),
                ]
                for i in range(max(self.YEAR_ROWS, len(years) + 1))
            ]
        kind = "whole" if isinstance(term.default, int) and not isinstance(term.default, bool) else "text"
        return [[self._add(name, term.label, value, kind=kind)]]

    def values(self, *names: str) -> ProgramRulesData:
        data = self.cleaned_data
        given: dict[str, object] = {}
        for term in terms_of(self.code):
            value = self._term_value(term, data)
            if value is not None:
                given[term.name] = value
        return {
            "valid_from": data.get("valid_from"),
            "enabled": bool(data.get("enabled")),
            "local_name": data.get("local_name"),
            "note": data.get("note"),
            "terms": given,
        }

    def _term_value(self, term: Term, data: Mapping[str, Any]) -> object | None:
        """What was typed for the term, for the service to read; None when nothing was."""
        name = f"terms.{term.name}"
        if term.shape == "flag":
            return bool(data.get(name))
        if term.shape == "by_key":
            typed = {key: (data.get(f"{name}.{key}") or "").strip() for key, _label in term.keys}
            return typed if any(typed.values()) else None
        if term.shape in ("bands", "by_year"):
            first, second = ("from_age", "amount") if term.shape == "bands" else ("year", "amount")
            rows = []
            i = 0
            while f"{name}.{i}.{first}" in self.fields:
                a = (data.get(f"{name}.{i}.{first}") or "").strip()
                b = (data.get(f"{name}.{i}.{second}") or "").strip()
                if a or b:
                    rows.append((a, b))
                i += 1
            if not rows:
                return None
            if term.shape == "bands":
                return [{"from_age": a, "amount": b} for a, b in rows]
            return dict(rows)
        text = str(data.get(name) or "").strip()
        return text or None


def _at(rows: list[Mapping[str, Any]], i: int, key: str) -> Any:
    return rows[i].get(key, "") if i < len(rows) else ""
