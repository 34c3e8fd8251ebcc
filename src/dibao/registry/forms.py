"""Forms of the register pages. They render inputs and parse what was typed; the services in
registry.services judge it (see core.service_forms), so each rule is written once."""

from typing import Any, ClassVar, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.forms import AreaSelect, area_choices
from dibao.areas.models import Area
from dibao.core import disclosure
from dibao.core.forms import month_input
from dibao.core.service_forms import BLANK, ServiceForm, choice, field_label

from .inputs import (
    AssetData,
    CareAssessmentData,
    HouseholdData,
    IncomeData,
    MemberData,
    RigidSpendingData,
    SupporterData,
)
from .models import (
    Activity,
    Asset,
    AssetKind,
    CareAssessment,
    DisabilityGrade,
    DisabilityType,
    Employment,
    Health,
    Household,
    HouseholdCategory,
    HouseholdStatus,
    Income,
    IncomeItem,
    IncomeKind,
    LabourCapacity,
    Member,
    Relation,
    RigidSpending,
    RigidSpendingKind,
    Supporter,
    SupporterRelation,
    UrbanRural,
)
from .validation import HOUSEHOLD_FIELDS, MEMBER_FIELDS


class HouseholdFilterForm(forms.Form):
    """The household list's search box and filters (GET)."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, pinyin (zs), ID tail, address, household no.")}
        ),
    )
    # A code checked against the user's area by the selector (404 outside it), not a closed list.
    area = forms.CharField(label=_("Area"), max_length=12)
    status = forms.ChoiceField(
        label=field_label(Household, "status"), choices=[("", _("All statuses")), *HouseholdStatus.choices]
    )
    urban_rural = forms.ChoiceField(
        label=field_label(Household, "urban_rural"), choices=[("", _("Urban and rural")), *UrbanRural.choices]
    )

    def __init__(self, *args: Any, areas: QuerySet[Area] | list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["area"].widget = AreaSelect(choices=[("", _("All areas")), *area_choices(areas)])


class HouseholdForm(ServiceForm[HouseholdData]):
    required_inputs: ClassVar[tuple[str, ...]] = ("address", "urban_rural")

    address = forms.CharField(label=field_label(Household, "address"), max_length=200)
    phone = forms.CharField(label=field_label(Household, "phone"), max_length=30)
    urban_rural = choice(Household, "urban_rural", UrbanRural)
    bank_name = forms.CharField(label=field_label(Household, "bank_name"), max_length=60)
    bank_account = forms.CharField(label=field_label(Household, "bank_account"), max_length=40)
    military_family = forms.BooleanField(label=field_label(Household, "military_family"), required=False)
    # The county's categories (人员类别), set by the page (`category_choices`).
    category = forms.ChoiceField(label=field_label(Household, "category"), choices=[BLANK])

    def set_categories(self, county_id: int | None) -> None:
        options = HouseholdCategory.objects.filter(county_id=county_id).order_by("name")
        field = cast(forms.ChoiceField, self.fields["category"])
        field.choices = [BLANK, *((str(c.pk), c.name) for c in options)]


class HouseholdEditForm(HouseholdForm):
    """Editing a household. A bank account the user may not see whole (core.disclosure) is not put
    in the page: an empty input keeps it, a typed one replaces it."""

    def __init__(self, *args: Any, household: Household, viewer: User, **kwargs: Any) -> None:
        self.kept_account = (
            household.bank_account
            if household.bank_account and not disclosure.sees_whole_account(viewer, disclosure.Use.SCREEN)
            else ""
        )
        kwargs["initial"] = {
            name: getattr(household, name)
            for name in HOUSEHOLD_FIELDS
            if not (self.kept_account and name == "bank_account")
        }
        kwargs["initial"]["category"] = str(household.category_id or "")
        super().__init__(*args, **kwargs)
        self.set_categories(household.county_id)
        if self.kept_account:
            self.fields["bank_account"].help_text = _("Leave empty to keep %(number)s.") % {
                "number": disclosure.mask_account(self.kept_account)
            }

    def values(self, *names: str) -> HouseholdData:
        values = super().values(*names)
        if self.kept_account and not values.get("bank_account"):
            # The stored account goes to the service with the bank's name, so the two are still
            # checked together (registry.validation).
            values["bank_account"] = self.kept_account
        return values


class HouseholdCreateForm(HouseholdForm):
    required_inputs = ("community", *HouseholdForm.required_inputs)
    field_order = ("community", *HOUSEHOLD_FIELDS)

    community = forms.ChoiceField(label=field_label(Household, "community"))

    def __init__(self, *args: Any, communities: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = area_choices(list(communities))
        field = cast(forms.ChoiceField, self.fields["community"])
        field.choices = options if len(options) == 1 else [BLANK, *options]
        counties = {code[:6] for code, _name in options}
        county = Area.objects.filter(code=counties.pop()).first() if len(counties) == 1 else None
        self.set_categories(county.pk if county else None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service takes a community, not a code: a missing one is caught here.
        if not data.get("community"):
            self.add_error("community", _("This field is required."))
        return data


class MemberForm(ServiceForm[MemberData]):
    """A member's fields. Birth date and sex are not asked: they come from the ID number."""

    required_inputs: ClassVar[tuple[str, ...]] = ("name", "id_number", "relation", "hukou")

    name = forms.CharField(label=field_label(Member, "name"), max_length=40)
    id_number = forms.CharField(
        label=field_label(Member, "id_number"),
        max_length=22,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "id"}),
    )
    relation = choice(Member, "relation", Relation)
    hukou = choice(Member, "hukou", UrbanRural)
    disability_type = choice(Member, "disability_type", DisabilityType)
    disability_grade = choice(Member, "disability_grade", DisabilityGrade, blank=False)
    health = choice(Member, "health", Health, blank=False)
    labour_capacity = choice(Member, "labour_capacity", LabourCapacity, blank=False)
    employment = choice(Member, "employment", Employment, blank=False)
    phone = forms.CharField(label=field_label(Member, "phone"), max_length=30)
    notes = forms.CharField(
        label=field_label(Member, "notes"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    party_hardship = forms.BooleanField(label=field_label(Member, "party_hardship"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"employment": Employment.NONE})
        super().__init__(*args, **kwargs)


class HeadForm(MemberForm):
    """The head's fields on the new-household page; the relation is 本人 by definition."""

    required_inputs = ("name", "id_number", "hukou")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["relation"]


class MemberEditForm(MemberForm):
    """Editing a member. The stored ID number is not put in the page (that would be a reveal
    without its audit entry): an empty input keeps it, a typed one replaces it."""

    required_inputs = ("name", "relation", "hukou")

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        kwargs["initial"] = {name: getattr(member, name) for name in MEMBER_FIELDS if name != "id_number"}
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = _("Leave empty to keep %(number)s.") % {
            "number": disclosure.mask_id_number(member.id_number)
        }

    def values(self, *names: str) -> MemberData:
        values = super().values(*names)
        if not values.get("id_number"):
            values.pop("id_number", None)
        return values


class StatusForm(ServiceForm):
    required_inputs = ("status",)

    status = choice(Household, "status", HouseholdStatus)
    note = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


def _member_field(household: Household) -> forms.ChoiceField:
    members = [(str(m.pk), m.name) for m in household.members.order_by("id")]
    return forms.ChoiceField(
        label=field_label(Income, "member"), choices=[("", _("Whole household")), *members], required=False
    )


def _amount_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal"})


class IncomeForm(ServiceForm[IncomeData]):
    required_inputs = ("kind", "amount", "month_from")

    kind = choice(Income, "kind", IncomeKind)
    item = choice(Income, "item", IncomeItem)
    amount = forms.CharField(label=field_label(Income, "amount"), max_length=20, widget=_amount_input())
    source = forms.CharField(label=field_label(Income, "source"), max_length=100)
    month_from = forms.CharField(label=field_label(Income, "month_from"), max_length=10, widget=month_input())
    month_to = forms.CharField(
        label=field_label(Income, "month_to"),
        max_length=10,
        widget=month_input(),
        help_text=_("Empty: still current."),
    )
    notes = forms.CharField(label=field_label(Income, "notes"), max_length=500)

    def __init__(self, *args: Any, household: Household, income: Income | None = None, **kwargs: Any) -> None:
        if income is not None:
            kwargs["initial"] = {
                "member": str(income.member_id or ""),
                "kind": income.kind,
                "item": income.item,
                "amount": income.amount,
                "source": income.source,
                "month_from": f"{income.month_from:%Y-%m}",
                "month_to": f"{income.month_to:%Y-%m}" if income.month_to else "",
                "notes": income.notes,
            }
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_field(household)
        self.order_fields(["member"])


class AssetForm(ServiceForm[AssetData]):
    required_inputs = ("kind", "value")

    kind = choice(Asset, "kind", AssetKind)
    value = forms.CharField(label=field_label(Asset, "value"), max_length=20, widget=_amount_input())
    recorded_on = forms.CharField(
        label=field_label(Asset, "recorded_on"),
        max_length=10,
        widget=forms.TextInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    notes = forms.CharField(label=field_label(Asset, "notes"), max_length=500)

    def __init__(self, *args: Any, household: Household, asset: Asset | None = None, **kwargs: Any) -> None:
        if asset is not None:
            kwargs["initial"] = {
                "member": str(asset.member_id or ""),
                "kind": asset.kind,
                "value": asset.value,
                "recorded_on": asset.recorded_on.isoformat(),
                "notes": asset.notes,
            }
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_field(household)
        self.order_fields(["member"])


def _members_of(household: Household, model: type[Supporter] | type[CareAssessment]) -> forms.ChoiceField:
    """The member a supporter or an assessment is of: one of the household's, always named."""
    members = [(str(m.pk), m.name) for m in household.members.order_by("id")]
    return forms.ChoiceField(label=field_label(model, "member"), choices=[BLANK, *members], required=False)


class SupporterForm(ServiceForm[SupporterData]):
    """A legal supporter. Editing one does not put the stored ID number in the page (that would be
    a whole number shown without the reveal): an empty input keeps it, a typed one replaces it."""

    required_inputs = ("member", "name", "id_number", "relation", "able")

    name = forms.CharField(label=field_label(Supporter, "name"), max_length=40)
    id_number = forms.CharField(
        label=field_label(Supporter, "id_number"),
        max_length=22,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "id"}),
    )
    relation = choice(Supporter, "relation", SupporterRelation)
    able = forms.ChoiceField(
        label=field_label(Supporter, "able"),
        choices=[("yes", _("Able to support")), ("no", _("Not able to support"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=field_label(Supporter, "note"),
        max_length=200,
        help_text=_("Why not able: serious illness, severe disability, low income, in prison …"),
    )

    def __init__(
        self, *args: Any, household: Household, supporter: Supporter | None = None, **kwargs: Any
    ) -> None:
        self.kept_id_number = supporter.id_number if supporter is not None else ""
        if supporter is not None:
            kwargs["initial"] = {
                "member": str(supporter.member_id),
                "name": supporter.name,
                "relation": supporter.relation,
                "able": "yes" if supporter.able else "no",
                "note": supporter.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["member"] = _members_of(household, Supporter)
        self.fields["member"].widget.attrs["required"] = True
        self.order_fields(["member"])
        if self.kept_id_number:
            self.fields["id_number"].widget.attrs.pop("required", None)
            self.fields["id_number"].help_text = _("Leave empty to keep %(number)s.") % {
                "number": disclosure.mask_id_number(self.kept_id_number)
            }

    def values(self, *names: str) -> SupporterData:
        values = super().values(*names)
        if self.kept_id_number and not values.get("id_number"):
            values["id_number"] = self.kept_id_number
        return values


class CareAssessmentForm(ServiceForm[CareAssessmentData]):
    required_inputs = ("member", "assessed_on", "assessor")

    assessed_on = forms.CharField(
        label=field_label(CareAssessment, "assessed_on"),
        max_length=10,
        widget=forms.TextInput(attrs={"type": "date"}),
    )
    failed = forms.MultipleChoiceField(
        label=field_label(CareAssessment, "failed"),
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        help_text=_(
            "Tick each activity the person cannot do alone. None: fully self-caring; "
            "1 to 3: partly disabled; 4 or more: fully disabled."
        ),
    )
    assessor = forms.CharField(label=field_label(CareAssessment, "assessor"), max_length=100)
    note = forms.CharField(label=field_label(CareAssessment, "note"), max_length=500)

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = _members_of(household, CareAssessment)
        self.fields["member"].widget.attrs["required"] = True
        self.order_fields(["member"])


class RigidSpendingForm(ServiceForm[RigidSpendingData]):
    required_inputs = ("kind", "amount", "spent_on")

    kind = choice(RigidSpending, "kind", RigidSpendingKind)
    amount = forms.CharField(
        label=field_label(RigidSpending, "amount"), max_length=20, widget=_amount_input()
    )
    spent_on = forms.CharField(
        label=field_label(RigidSpending, "spent_on"),
        max_length=10,
        widget=forms.TextInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=field_label(RigidSpending, "note"), max_length=500)

    def __init__(
        self, *args: Any, household: Household, spending: RigidSpending | None = None, **kwargs: Any
    ) -> None:
        if spending is not None:
            kwargs["initial"] = {
                "member": str(spending.member_id or ""),
                "kind": spending.kind,
                "amount": spending.amount,
                "spent_on": spending.spent_on.isoformat(),
                "note": spending.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_field(household)
        self.order_fields(["member"])
