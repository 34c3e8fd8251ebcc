"""What is recorded on a case between steps, from the forms of the case page: materials, home
investigations, economic check results, resolved objections and the deadline's extension."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.core.downloads import content_disposition
from dibao.core.errors import DomainError
from dibao.core.page_access import page

from .. import selectors, services
from ..checklist import checklist
from ..forms import (
    ExtendForm,
    InvestigationForm,
    MaterialChecklistForm,
    MaterialForm,
    ResolveForm,
    SpotCheckForm,
    VerificationForm,
)
from ..models import OPEN_STATES, Material
from .access import CASE_READERS, CASE_WRITERS, DEADLINE_EXTENDERS, SPOT_CHECKERS
from .posting import post_on_case


@page(roles=CASE_WRITERS)
def material_add(request: StaffRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    form = MaterialForm(request.POST, request.FILES, prefix="material")

    def save() -> None:
        # `material_add` stores the file before it finds the case closed, and the refusal then
        # leaves the file behind; asking first keeps the storage clean.
        if application.state not in OPEN_STATES:
            raise DomainError(_("The application is closed."))
        values = form.cleaned_data
        services.material_add(
            application=application,
            kind=values.get("kind") or "",
            file=values.get("file"),
            seen_on_paper=bool(values.get("seen_on_paper")),
            note=values.get("note") or "",
            actor=request.user,
        )

    return post_on_case(
        request, application, key="material", form=form, save=save, success=lambda: _("Material added.")
    )


@page(roles=CASE_WRITERS)
def materials_check(request: StaffRequest, pk: int) -> HttpResponse:
    """The checklist's ticked materials, saved at once as seen on paper."""
    application = selectors.application_get(request.user, pk)
    held = set(application.materials.values_list("kind", flat=True))
    form = MaterialChecklistForm(
        request.POST, prefix="checklist", checklist=checklist(application), held=held
    )

    def save() -> int:
        return len(
            services.materials_check(
                application=application, kinds=form.cleaned_data.get("kinds") or [], actor=request.user
            )
        )

    saved: list[int] = []
    return post_on_case(
        request,
        application,
        key="checklist",
        form=form,
        save=lambda: saved.append(save()),
        success=lambda: _("Materials saved: %(n)d.") % {"n": saved[0]},
    )


@page(roles=CASE_READERS)
def material_file(request: StaffRequest, pk: int) -> FileResponse:
    """An uploaded material, to those who may read its case (media files are not served openly)."""
    material = Material.objects.filter(pk=pk).select_related("application").first()
    if material is None or not material.file:
        raise Http404
    selectors.application_get(request.user, material.application_id)  # 404 outside the user's area
    response = FileResponse(material.file.open("rb"))
    response["Content-Disposition"] = content_disposition(material.file.name.rsplit("/", 1)[-1])
    return response


@page(roles=CASE_WRITERS)
def investigation_add(request: StaffRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    form = InvestigationForm(request.POST, request.FILES, prefix="investigation")
    return post_on_case(
        request,
        application,
        key="investigation",
        form=form,
        save=lambda: services.investigation_record(
            application=application, data=form.values(), actor=request.user
        ),
        success=lambda: _("Home investigation recorded."),
    )


@page(roles=CASE_WRITERS)
def verification_add(request: StaffRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    members = application.household.members.order_by("id")
    form = VerificationForm(request.POST, prefix="verification", members=members)
    return post_on_case(
        request,
        application,
        key="verification",
        form=form,
        save=lambda: services.verification_add(
            application=application, data=form.values(), actor=request.user
        ),
        success=lambda: _("Check result recorded."),
    )


@page(roles=CASE_WRITERS)
def objection_resolve(request: StaffRequest, pk: int, objection: int) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    found = application.objections.filter(pk=objection).first()
    if found is None:
        raise Http404
    form = ResolveForm(request.POST, prefix=f"resolve-{found.pk}")
    return post_on_case(
        request,
        application,
        key=f"resolve:{found.pk}",
        form=form,
        save=lambda: services.objection_resolve(
            objection=found, resolution=form.cleaned_data.get("resolution") or "", actor=request.user
        ),
        success=lambda: _("Objection resolved."),
    )


@page(roles=DEADLINE_EXTENDERS)
def deadline_extend(request: StaffRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    form = ExtendForm(request.POST, prefix="extend")

    def save() -> None:
        services.deadline_extend(
            application=application,
            reason=form.cleaned_data.get("reason") or "",
            actor=request.user,
            version=form.cleaned_data["version"],
        )

    return post_on_case(
        request, application, key="extend", form=form, save=save, success=lambda: _("Deadline extended.")
    )


@page(roles=SPOT_CHECKERS)
def spot_check_add(request: StaffRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    form = SpotCheckForm(request.POST, prefix="spot_check")
    return post_on_case(
        request,
        application,
        key="spot_check",
        form=form,
        save=lambda: services.spot_check_record(
            application=application, data=form.values(), actor=request.user
        ),
        success=lambda: _("Spot check recorded."),
    )
