"""What is recorded on a case between steps: materials, home investigations, checks, objections."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.money import parse_amount
from dibao.core.months import parse_date
from dibao.core.uploads import images_check

from ..inputs import InvestigationData, VerificationData
from ..models import (
    OPEN_STATES,
    Application,
    Investigation,
    Material,
    MaterialKind,
    Objection,
    Verification,
)
from .common import (
    event,
    record_on_case,
    require_area,
    today,
)


def material_add(
    *,
    application: Application,
    kind: str,
    actor: User | None,
    file: Any = None,
    seen_on_paper: bool = False,
    note: str = "",
) -> Material:
    """A material of the checklist: an uploaded file, or marked as seen on paper."""
    if kind not in MaterialKind.values:
        raise DomainError(_("'%(v)s' is not one of the allowed values.") % {"v": kind}, field="kind")
    if file is None and not seen_on_paper:
        raise DomainError(_("Upload the file or mark it as seen on paper."), field="file")
    if file is not None and getattr(file, "size", 0) > 20 * 1024 * 1024:
        raise DomainError(_("A file may be at most 20 MB."), field="file")
    # Refuse before the file is stored: a refused upload leaves no file behind.
    require_area(actor, application.community)
    if application.state not in OPEN_STATES:
        raise DomainError(_("The application is closed."))
    with transaction.atomic():
        material = Material(
            application=application,
            kind=kind,
            seen_on_paper=seen_on_paper,
            note=note[:200],
            added_by=audit.acting_user(actor),
        )
        if file is not None:
            material.file.save(file.name, file, save=False)
        material.save()
        record_on_case(application, actor, "material", material, note=str(material.get_kind_display()))
    return material


def materials_check(
    *, application: Application, kinds: Iterable[str], actor: User | None, note: str = ""
) -> list[Material]:
    """Materials of the checklist seen on paper, ticked together and saved at once: one timeline
    entry naming them all and one audit entry per material. A material the case already holds is
    not added twice; ticking only those adds nothing and is not an error."""
    chosen = list(dict.fromkeys(str(k) for k in kinds))
    unknown = [k for k in chosen if k not in MaterialKind.values]
    if unknown:
        raise DomainError(
            _("'%(v)s' is not one of the allowed values.") % {"v": "、".join(unknown)}, field="kinds"
        )
    if not chosen:
        raise DomainError(_("Tick the materials seen on paper."), field="kinds")
    require_area(actor, application.community)
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=application.pk)
        )
        if locked.state not in OPEN_STATES:
            raise DomainError(_("The application is closed."))
        held = set(locked.materials.values_list("kind", flat=True))
        new = [kind for kind in chosen if kind not in held]
        if not new:
            return []
        user = audit.acting_user(actor)
        materials = Material.objects.bulk_create(
            [
                Material(application=locked, kind=kind, seen_on_paper=True, note=note[:200], added_by=user)
                for kind in new
            ]
        )
        names = "、".join(str(MaterialKind(kind).label) for kind in new)
        event(
            locked,
            action="materials",
            actor=actor,
            before=locked.state,
            note=names,
            data={"materials": [m.pk for m in materials]},
        )
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.CREATE,
                    obj=m,
                    area_code=locked.community.code,
                    household_id=locked.household_id,
                    after=audit.snapshot(m),
                    note=str(_("Materials ticked on the checklist")),
                )
                for m in materials
            ]
        )
    return materials


def investigation_record(
    *, application: Application, data: InvestigationData, actor: User | None
) -> Investigation:
    names = data.get("investigators") or []
    if isinstance(names, str):
        names = [n.strip() for n in names.replace("，", ",").replace("、", ",").split(",")]
    names = [n for n in (str(x).strip() for x in names) if n]
    errors: dict[str, list[Any]] = {}
    if len(set(names)) < 2:
        errors["investigators"] = [_("A home investigation is made by at least two investigators.")]
    visited = None
    try:
        visited = parse_date(data.get("visited_on"), "visited_on")
    except DomainError as exc:
        errors.update(exc.errors)
    if visited is None and "visited_on" not in errors:
        errors["visited_on"] = [_("This field is required.")]
    elif visited is not None and visited > today():
        errors["visited_on"] = [_("The visit cannot be in the future.")]
    photos = list(data.get("photos") or [])
    try:
        images_check(photos, field="photos")
    except DomainError as exc:
        errors.update(exc.errors)
    if errors or visited is None:
        raise DomainError(errors=errors)
    require_area(actor, application.community)
    with transaction.atomic():
        investigation = Investigation.objects.create(
            application=application,
            visited_on=visited,
            investigators=names,
            housing=str(data.get("housing") or ""),
            furniture_and_appliances=str(data.get("furniture_and_appliances") or ""),
            neighbours=str(data.get("neighbours") or ""),
            members_statement=str(data.get("members_statement") or ""),
            conclusion=str(data.get("conclusion") or ""),
            signed_by_investigators=bool(data.get("signed_by_investigators")),
            signed_by_members=bool(data.get("signed_by_members")),
            recorded_by=audit.acting_user(actor),
        )
        record_on_case(application, actor, "investigation", investigation, note="、".join(names))
        for photo in photos:
            material_add(
                application=application,
                kind=MaterialKind.PHOTO,
                file=photo,
                note=str(_("Home investigation of %(day)s") % {"day": visited.isoformat()}),
                actor=actor,
            )
    return investigation


def verification_add(*, application: Application, data: VerificationData, actor: User | None) -> Verification:
    errors: dict[str, list[Any]] = {}
    kind = str(data.get("kind") or "")
    if kind not in Verification.Kind.values:
        errors["kind"] = [_("'%(v)s' is not one of the allowed values.") % {"v": kind}]
    description = str(data.get("description") or "").strip()
    source = str(data.get("source") or "").strip()
    for field, value in (("description", description), ("source", source)):
        if not value:
            errors[field] = [_("This field is required.")]
    amount = None
    if data.get("amount") not in (None, ""):
        try:
            amount = parse_amount(data.get("amount"), column=Verification._meta.get_field("amount"))
        except DomainError as exc:
            errors.update(exc.errors)
    member = None
    if data.get("member") not in (None, ""):
        member = application.household.members.filter(pk=str(data.get("member"))).first()
        if member is None:
            errors["member"] = [_("That person is not a member of this household.")]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        verification = Verification.objects.create(
            application=application,
            member=member,
            kind=kind,
            description=description[:300],
            amount=amount,
            source=source[:100],
            recorded_by=audit.acting_user(actor),
        )
        record_on_case(application, actor, "verification", verification, note=description)
    return verification


def objection_resolve(*, objection: Objection, resolution: str, actor: User | None) -> Objection:
    application = objection.application
    require_area(actor, application.community)
    if objection.resolved_on is not None:
        raise DomainError(_("This objection is already resolved."))
    if not resolution.strip():
        raise DomainError(_("Write how the objection was resolved."), field="resolution")
    with transaction.atomic():
        before = audit.snapshot(objection)
        objection.resolution = resolution.strip()
        objection.resolved_on = today()
        objection.save()
        event(
            application,
            action="objection_resolved",
            actor=actor,
            before=application.state,
            note=objection.resolution,
            data={"objection": objection.pk},
        )
        audit.record_update(
            actor=actor,
            obj=objection,
            before=before,
            area_code=application.community.code,
            household_id=application.household_id,
        )
    return objection
