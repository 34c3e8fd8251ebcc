"""Forms of the application pages. They render inputs and parse what was typed; the services in
cases.services judge it (see core.service_forms), so each rule of the workflow is written once.

Every form of a step carries the version of the application the user saw: `transition` refuses it
when someone changed the case meanwhile. Forms shown together on the case page get a prefix each
(`approve-amount`), so their inputs never share an id; the service still sees plain field names.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.areas.forms import area_choices
from dibao.areas.models import Area
from dibao.core.forms import MonthField, PhotosField, date_input, month_input
from dibao.core.service_forms import BLANK, Data, ServiceForm, field_label
from dibao.core.sheets.bounds import Limits, too_large
from dibao.core.sheets.reader import SPREADSHEETS, TEXTS
from dibao.core.uploads import upload_max_bytes
from dibao.policy.forms import program_choices
from dibao.registry.models import Member

from .inputs import (
    ApplicationData,
    CloseRelativeData,
    InvestigationData,
    OpinionData,
    PanelMemberData,
    SpotCheckData,
    StepData,
    VerificationData,
)
from .models import (
    Application,
    AppraisalOpinion,
    CloseRelative,
    Investigation,
    Kind,
    Material,
    MaterialKind,
    Notice,
    Objection,
    PanelMember,
    SpotCheck,
    State,
    Verification,
)


def text_area(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def choices_of(choices: Iterable[tuple[Any, Any]], *, blank: bool = True) -> list[tuple[str, Any]]:
    options = [(str(value), label) for value, label in choices]
    return [BLANK, *options] if blank else options


# --- The steps of the workflow (cases.workflow.STEPS) ---------------------------------------------


class VersionedForm(ServiceForm[Data]):
    """A change of the application itself, refused when it is no longer the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Without the version the service would not compare it: a step is only taken on the case
        # as the user saw it. (An error on a hidden input would not show, so it goes on top.)
        if data.get("version") is None:
            self.add_error(None, _("The page is out of date; reload it and try again."))
        return data


class StepForm(VersionedForm[StepData]):
    """One step: the version the user saw, and a note for the timeline."""

    note = forms.CharField(label=_("Note"), max_length=1000, widget=text_area())

    def data_for_service(self) -> StepData:
        """The step's data without the version (`transition` takes it apart) and without what was
        left empty."""
        values = self.values()
        return cast(StepData, {k: v for k, v in values.items() if k != "version" and v not in (None, "", [])})


# Groups of checkboxes are never `required_inputs`: the browser would then insist on every box.


class ReturnForm(StepForm):
    field_order = ("missing", "note")

    missing = forms.MultipleChoiceField(
        label=_("Missing materials"),
        choices=MaterialKind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        help_text=_("Everything missing, at once: the applicant is told one time only."),
    )


class AcceptForm(StepForm):
    field_order = ("accepted_on", "note")

    accepted_on = forms.DateField(
        label=field_label(Application, "accepted_on"), widget=date_input(), help_text=_("Empty: today.")
    )


class ObjectForm(StepForm):
    required_inputs = ("raised_by", "content")
    field_order = ("raised_by", "content", "received_on")

    raised_by = forms.CharField(label=field_label(Objection, "raised_by"), max_length=100)
    content = forms.CharField(label=field_label(Objection, "content"), widget=text_area(3))
    received_on = forms.DateField(
        label=field_label(Objection, "received_on"), widget=date_input(), help_text=_("Empty: today.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]  # the objection itself is the timeline's note


class WithoutCheckFields(StepForm):
    """Shown only where no economic check result is recorded (`step_form` drops them otherwise):
    going on needs the box ticked and a reason, which the case keeps."""

    without_check = forms.BooleanField(
        label=_("Go on without an economic check result"),
        help_text=_("No economic check (核对) result is recorded for this application."),
    )
    without_check_reason = forms.CharField(
        label=_("Why without a check result"), max_length=500, widget=text_area()
    )


class ReviewForm(WithoutCheckFields):
    required_inputs = ("opinion",)
    field_order = ("opinion", "without_check", "without_check_reason")

    opinion = forms.CharField(label=_("The street's opinion"), max_length=1000, widget=text_area(3))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]


class ApproveForm(WithoutCheckFields):
    field_order = (
        "amount",
        "override_reason",
        "start_month",
        "note",
        "without_check",
        "without_check_reason",
    )

    amount = forms.CharField(
        label=field_label(Application, "amount"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("As assessed; another amount needs a written reason."),
    )
    override_reason = forms.CharField(
        label=field_label(Application, "override_reason"), max_length=500, widget=text_area()
    )
    start_month = forms.CharField(
        label=field_label(Application, "start_month"),
        max_length=10,
        widget=month_input(),
        help_text=_("Empty: the month after the decision."),
    )


class FastTrackApproveForm(StepForm):
    """先行救助: a one-off amount decided at once, with no assessment to start from."""

    required_inputs = ("amount",)
    field_order = ("amount", "note")

    amount = forms.CharField(
        label=_("Amount (yuan)"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )


class RejectForm(StepForm):
    required_inputs = ("reasons",)

    reasons = forms.CharField(label=field_label(Application, "rejection_reasons"), widget=text_area(3))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]


# A step missing here takes the plain StepForm (a note); post_notice has its own page (several
# applications at once) and no form on the case page.
STEP_FORMS: dict[str, type[StepForm]] = {
    "return": ReturnForm,
    "accept": AcceptForm,
    "object": ObjectForm,
    "review": ReviewForm,
    "approve": ApproveForm,
    "reject": RejectForm,
}
PAGE_OF_ITS_OWN = frozenset({"post_notice"})


def step_form(step: str, application: Application, data: Any = None, **initial: Any) -> StepForm:
    from .programs import ONE_OFF_APPROVE_FORMS
    from .services.steps import needs_check_confirmation

    form_class = STEP_FORMS.get(step, StepForm)
    if step == "approve" and str(application.program_id) in ONE_OFF_APPROVE_FORMS:
        form_class = ONE_OFF_APPROVE_FORMS[str(application.program_id)]
    elif step == "approve" and application.kind == Kind.FAST_TRACK:
        form_class = FastTrackApproveForm
    form = form_class(data, prefix=step, initial={"version": application.version, **initial})
    if isinstance(form, WithoutCheckFields) and not needs_check_confirmation(application):
        del form.fields["without_check"], form.fields["without_check_reason"]
    return form


# --- What is recorded on a case between steps -------------------------------------------------------


class MaterialForm(ServiceForm):
    required_inputs = ("kind",)

    kind = forms.ChoiceField(label=field_label(Material, "kind"), choices=choices_of(MaterialKind.choices))
    file = forms.FileField(label=field_label(Material, "file"))
    seen_on_paper = forms.BooleanField(
        label=field_label(Material, "seen_on_paper"), help_text=_("Instead of a file: the original was seen.")
    )
    note = forms.CharField(label=field_label(Material, "note"), max_length=200)


class HeldCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes where the materials the case already holds are shown ticked and cannot be
    unticked (they are removed nowhere from here)."""

    def __init__(self, held: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.held = set(held)

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.held:
            option["attrs"] = {**option["attrs"], "checked": True, "disabled": True}
        return option


class MaterialChecklistForm(ServiceForm):
    """The application's checklist, one checkbox a material: what was seen on paper is ticked and
    saved at once (`materials_check`)."""

    kinds = forms.MultipleChoiceField(label=_("Seen on paper"), choices=())

    def __init__(
        self, *args: Any, checklist: Iterable[str] = (), held: Iterable[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(MaterialKind.choices)
        field = cast(forms.MultipleChoiceField, self.fields["kinds"])
        field.widget = HeldCheckboxes(held=held, attrs={"class": "checks"})
        field.choices = [(kind, labels[kind]) for kind in checklist]


class InvestigationForm(ServiceForm[InvestigationData]):
    required_inputs = ("visited_on", "investigators")

    visited_on = forms.DateField(label=field_label(Investigation, "visited_on"), widget=date_input())
    investigators = forms.CharField(
        label=field_label(Investigation, "investigators"),
        max_length=200,
        help_text=_("At least two, separated by commas."),
    )
    housing = forms.CharField(label=field_label(Investigation, "housing"), widget=text_area())
    furniture_and_appliances = forms.CharField(
        label=field_label(Investigation, "furniture_and_appliances"), widget=text_area()
    )
    neighbours = forms.CharField(label=field_label(Investigation, "neighbours"), widget=text_area())
    members_statement = forms.CharField(
        label=field_label(Investigation, "members_statement"), widget=text_area()
    )
    conclusion = forms.CharField(label=field_label(Investigation, "conclusion"), widget=text_area())
    signed_by_investigators = forms.BooleanField(label=field_label(Investigation, "signed_by_investigators"))
    signed_by_members = forms.BooleanField(label=field_label(Investigation, "signed_by_members"))
    photos = PhotosField(
        label=_("Photos"),
        help_text=_("Taken with the phone's camera at the door; kept with the application's materials."),
    )


class VerificationForm(ServiceForm[VerificationData]):
    required_inputs = ("kind", "description", "source")

    member = forms.ChoiceField(label=_("Member"))
    kind = forms.ChoiceField(
        label=field_label(Verification, "kind"), choices=choices_of(Verification.Kind.choices)
    )
    description = forms.CharField(label=field_label(Verification, "description"), max_length=300)
    amount = forms.CharField(
        label=field_label(Verification, "amount"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    source = forms.CharField(
        label=field_label(Verification, "source"),
        max_length=100,
        help_text=_("Tax, social insurance, real estate, vehicles, banks …"),
    )

    def __init__(self, *args: Any, members: Iterable[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["member"])
        field.choices = [("", _("Whole household")), *((str(m.pk), m.name) for m in members)]


class ResolveForm(ServiceForm):
    required_inputs = ("resolution",)

    objection = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.CharField(label=field_label(Objection, "resolution"), widget=text_area(2))


class ExtendForm(VersionedForm):
    required_inputs = ("reason",)

    reason = forms.CharField(
        label=field_label(Application, "extension_reason"), max_length=300, widget=text_area()
    )


# --- A new application ------------------------------------------------------------------------------


class ApplicationForm(ServiceForm[ApplicationData]):
    required_inputs = ("program", "kind", "applicant_name")

    program = forms.ChoiceField(label=field_label(Application, "program"))
    member = forms.ChoiceField(
        label=field_label(Application, "member"),
        help_text=_("For a program that pays a person (特困, the disability subsidies, 高龄津贴)."),
    )
    institutional = forms.BooleanField(
        label=field_label(Application, "institutional"),
        help_text=_("特困 only: 集中供养 rather than at home."),
    )
    care_home = forms.ChoiceField(
        label=field_label(Application, "care_home"),
        help_text=_("特困 in an institution: the care home its support is paid to."),
    )
    kind = forms.ChoiceField(
        label=field_label(Application, "kind"), choices=choices_of(Kind.choices, blank=False)
    )
    applicant_name = forms.CharField(label=field_label(Application, "applicant_name"), max_length=40)
    reason = forms.CharField(label=field_label(Application, "reason"), widget=text_area(4))
    single_member = forms.ChoiceField(
        label=field_label(Application, "single_member"),
        help_text=_("Only for single-person inclusion (单人保)."),
    )

    def __init__(
        self,
        *args: Any,
        members: Iterable[Member],
        programs: Iterable[tuple[str, str]],
        care_homes: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        members = list(members)
        cast(forms.ChoiceField, self.fields["program"]).choices = list(programs)
        cast(forms.ChoiceField, self.fields["care_home"]).choices = [
            BLANK,
            *((str(home.pk), home.name) for home in care_homes),
        ]
        for name in ("member", "single_member"):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [BLANK, *((str(m.pk), m.name) for m in members)]


# --- Notices, the appraisal panel and its meetings, the close-relative register --------------------


class CommunityForm(forms.Form):
    """Which community a street or county officer works on (a community worker has one)."""

    community = forms.ChoiceField(label=_("Community"), required=False)

    def __init__(self, *args: Any, communities: Iterable[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["community"])
        field.choices = [BLANK, *area_choices(list(communities))]


class NoticeForm(ServiceForm):
    required_inputs = ("posted_on",)

    applications = forms.MultipleChoiceField(
        label=_("Applications"), widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"})
    )
    posted_on = forms.DateField(label=field_label(Notice, "posted_on"), widget=date_input())
    mask_given_names = forms.BooleanField(
        label=field_label(Notice, "mask_given_names"),
        help_text=_("王小明 is shown as 王*明."),
    )

    def __init__(self, *args: Any, candidates: Iterable[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["applications"])
        field.choices = [
            (str(a.pk), f"{a.applicant_name} · {a.household.number} · {a.get_state_display()}")
            for a in candidates
        ]


class PanelMemberForm(ServiceForm[PanelMemberData]):
    required_inputs = ("name", "term_from")

    name = forms.CharField(label=field_label(PanelMember, "name"), max_length=40)
    role = forms.CharField(label=field_label(PanelMember, "role"), max_length=40)
    term_from = forms.DateField(label=field_label(PanelMember, "term_from"), widget=date_input())
    term_to = forms.DateField(label=field_label(PanelMember, "term_to"), widget=date_input())


class AppraisalForm(ServiceForm):
    required_inputs = ("held_on",)

    held_on = forms.DateField(label=_("Held on"), widget=date_input())
    present = forms.MultipleChoiceField(
        label=_("Present"), widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"})
    )
    minutes = forms.CharField(label=_("Minutes"), widget=text_area(5))

    def __init__(self, *args: Any, panel: Iterable[PanelMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["present"])
        field.choices = [(str(p.pk), f"{p.name} ({p.role})" if p.role else p.name) for p in panel]


class OpinionForm(ServiceForm[OpinionData]):
    """One application's line of the meeting; an empty opinion leaves it off the agenda."""

    opinion = forms.ChoiceField(
        label=_("Opinion"),
        choices=[("", _("Not discussed")), *choices_of(AppraisalOpinion.Opinion.choices, blank=False)],
    )
    votes_for = forms.IntegerField(label=_("For"), min_value=0, widget=forms.NumberInput(attrs={"min": 0}))
    votes_against = forms.IntegerField(
        label=_("Against"), min_value=0, widget=forms.NumberInput(attrs={"min": 0})
    )
    abstentions = forms.IntegerField(
        label=_("Abstentions"), min_value=0, widget=forms.NumberInput(attrs={"min": 0})
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"app-{application.pk}")
        super().__init__(*args, **kwargs)
        self.application = application

    def line(self) -> OpinionData | None:
        if not self.cleaned_data.get("opinion"):
            return None
        return {"application": self.application.pk, **self.values()}


class CloseRelativeForm(ServiceForm[CloseRelativeData]):
    required_inputs = ("staff_name", "staff_position", "relative_name", "relative_id_number", "relation")

    staff_name = forms.CharField(label=field_label(CloseRelative, "staff_name"), max_length=40)
    staff_position = forms.CharField(label=field_label(CloseRelative, "staff_position"), max_length=60)
    relative_name = forms.CharField(label=field_label(CloseRelative, "relative_name"), max_length=40)
    relative_id_number = forms.CharField(
        label=field_label(CloseRelative, "relative_id_number"),
        max_length=22,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "id"}),
    )
    relation = forms.ChoiceField(
        label=field_label(CloseRelative, "relation"), choices=choices_of(CloseRelative.Relation.choices)
    )


# --- The worklist's filters -------------------------------------------------------------------------


class WorklistFilterForm(forms.Form):
    WAITING, ALL = "waiting", "all"

    show = forms.ChoiceField(
        label=_("Show"),
        choices=[(WAITING, _("Waiting for me")), (ALL, _("All applications"))],
        required=False,
    )
    state = forms.ChoiceField(
        label=field_label(Application, "state"),
        choices=[("", _("All states")), *State.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=field_label(Application, "kind"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    program = forms.ChoiceField(label=field_label(Application, "program"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["program"]).choices = program_choices()


class SpotCheckForm(ServiceForm[SpotCheckData]):
    required_inputs = ("checked_on", "checked_by", "finding")

    checked_on = forms.DateField(label=field_label(SpotCheck, "checked_on"), widget=date_input())
    checked_by = forms.CharField(
        label=field_label(SpotCheck, "checked_by"),
        max_length=200,
        help_text=_("Who from the county made the visit."),
    )
    finding = forms.ChoiceField(
        label=field_label(SpotCheck, "finding"),
        choices=choices_of(SpotCheck.Finding.choices, blank=False),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=field_label(SpotCheck, "note"),
        widget=text_area(2),
        help_text=_("Required when the visit did not confirm the case."),
    )


class SpotCheckPeriodForm(forms.Form):
    """The months of the county's spot-check share."""

    month_from = MonthField(label=_("From month"))
    month_to = MonthField(label=_("To month"))


class RegisterUploadForm(forms.Form):
    """The county's register of staff and cadres, as a file."""

    file = forms.FileField(
        label=_("Register of staff and cadres"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"}),
        help_text=_(
            "xlsx or CSV: 姓名, 身份证号, 职务, 工作区域, 类别 and, for each declared relative, 亲属姓名, "
            "亲属身份证号, 关系 — a row per relative. The file replaces the register."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SPREADSHEETS + TEXTS):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(str(too_large(Limits.current())))
        return upload


class SpotCheckDrawForm(forms.Form):
    """What the county draws its spot checks from: a program's decisions over some months."""

    program = forms.ChoiceField(label=_("Program"))
    month_from = MonthField(label=_("From month"))
    month_to = MonthField(label=_("To month"))
    share = forms.DecimalField(
        label=_("Share to draw"),
        required=False,
        min_value=Decimal("0.0001"),
        max_value=Decimal("1"),
        decimal_places=4,
        help_text=_("From 0 to 1 (0.3 is 30%); empty: the share the program's terms ask for."),
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        help_text=_(
            "Empty: chosen at random and recorded. Give a recorded seed to draw the same list again."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programs = cast(forms.ChoiceField, self.fields["program"])
        programs.choices = [(code, name) for code, name in program_choices() if code]
