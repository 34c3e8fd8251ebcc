"""Every write of a complaint: received, accepted or transferred, given to someone to handle,
investigated (notes and evidence), extended once, found, replied to, its result (a review of the
household opened, or a correction recorded) and closed.

Each checks the actor's role and area, refuses anyone acting on a complaint about themself, and
writes the complaint's timeline event and its audit entry in the same transaction. The
complainant's name, phone and ID number never go into the audit trail (only whether there is one):
the trail is read by more people than the complaint.
"""

import datetime
import re
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.cases.models import Application
from dibao.core import audit, idnumbers
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import parse_date
from dibao.core.uploads import size_text
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import Household
from dibao.reviews.models import OPEN_STATES as REVIEW_OPEN_STATES
from dibao.reviews.models import ChangeKind, Review, ReviewKind
from dibao.reviews.services import review_open

from . import deadlines
from .access import HANDLERS, OWNERS, RECEIVERS
from .inputs import ComplaintData
from .models import (
    HANDLING_STATES,
    OPEN_STATES,
    SUBSTANTIATED,
    Channel,
    Complaint,
    Event,
    Finding,
    Kind,
    Note,
    ReplyMethod,
    State,
    SubjectKind,
)

_FIELDS = [
    "channel",
    "kind",
    "received_on",
    "anonymous",
    "subject_kind",
    "household",
    "worker",
    "application",
    "review",
    "area",
    "state",
    "owner",
    "accept_due_on",
    "accepted_on",
    "transferred_on",
    "transferred_to",
    "handle_due_on",
    "extended",
    "extension_reason",
    "due_on",
    "finding",
    "found_on",
    "reply_method",
    "replied_on",
    "resulting_review",
    "correction",
    "closed_on",
]
PHONE = re.compile(r"^[0-9+\-\s()（）转]{5,30}$")
TEXT_LIMIT = 2000


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "true", "yes", "on", "是")


def _text(errors: dict[str, list[Any]], value: Any, name: str, limit: int, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        errors[name] = [_("This field is required.")]
    elif len(text) > limit:
        errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
    return text


def _refuse_own(actor: User | None, complaint: Complaint) -> None:
    """Nobody acts on a complaint about themself, whatever their role."""
    if actor is not None and complaint.worker_id is not None and complaint.worker_id == actor.pk:
        raise Forbidden(_("This complaint is about you: it is handled by others."))


def _require_place(actor: User | None, complaint: Complaint) -> None:
    """Where the actor may act at all: in their area, never on a complaint about themself. Who
    may act as its owner is asked of the locked row (`_locked(…, owner_of=actor)`)."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(complaint.area):
        raise NotFound()
    _refuse_own(actor, complaint)


def _require(
    actor: User | None, complaint: Complaint, roles: frozenset[str], *, owner_may: bool = False
) -> None:
    """`actor=None` is the server's operator at the console. `owner_may`: the complaint's owner may
    act whatever their role (a community worker named to investigate)."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(complaint.area):
        raise NotFound()
    _refuse_own(actor, complaint)
    if owner_may and complaint.owner_id == actor.pk:
        return
    if actor.role not in roles:
        raise Forbidden()


def _event(complaint: Complaint, *, action: str, actor: User | None, before: str, note: str = "") -> None:
    Event.objects.create(
        complaint=complaint,
        actor=audit.acting_user(actor),
        action=action,
        from_state=before,
        to_state=complaint.state,
        note=note[:TEXT_LIMIT],
    )


def _audit(complaint: Complaint, actor: User | None, before: dict[str, Any], note: str = "") -> None:
    audit.record_update(
        actor=actor,
        obj=complaint,
        before=before,
        area_code=complaint.area.code,
        household_id=complaint.household_id,
        note=note,
    )


def _locked(complaint: Complaint, version: int | None, *, owner_of: User | None = None) -> Complaint:
    """The complaint's row, locked. `owner_of`: the actor whose right as owner is checked again on
    the locked row (the owner may have been changed since the caller read it)."""
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("area").get(pk=complaint.pk)
    if owner_of is not None:
        _require(owner_of, locked, HANDLERS, owner_may=True)
    if version is not None and locked.version != version:
        raise DomainError(
            _("Someone else changed this complaint meanwhile; reload it and try again."), code="stale"
        )
    return locked


def _subject_area(
    *,
    kind: str,
    household: Household | None,
    worker: User | None,
    application: Application | None,
    review: Review | None,
    area: Area | None,
    actor: User | None,
) -> tuple[Household | None, Area | None, dict[str, list[Any]]]:
    """The complaint's household (a decision's is its household's) and area, or what is missing."""
    errors: dict[str, list[Any]] = {}
    if kind == SubjectKind.HOUSEHOLD:
        if household is None:
            errors["household"] = [_("Name the household the complaint is about.")]
            return None, None, errors
        return household, household.community, errors
    if kind == SubjectKind.DECISION:
        decision = application or review
        if decision is None:
            errors["application"] = [_("Name the application or the review the complaint is about.")]
            return None, None, errors
        return decision.household, decision.community, errors
    if kind == SubjectKind.WORKER:
        if worker is None:
            errors["worker"] = [_("Name the member of staff the complaint is about.")]
            return None, None, errors
        if actor is not None and actor.pk == worker.pk:
            raise Forbidden(_("This complaint is about you: it is handled by others."))
        # Where the worker works, when the receiver may see it; else where it was received (a
        # citizen may complain to the community about the street's officer).
        place = worker.area
        if place is not None and (actor is None or (actor.area is not None and actor.area.contains(place))):
            return None, place, errors
        return None, area or (actor.area if actor is not None else None), errors
    return None, area or (actor.area if actor is not None else None), errors


def complaint_receive(
    *,
    data: ComplaintData,
    actor: User | None,
    household: Household | None = None,
    worker: User | None = None,
    application: Application | None = None,
    review: Review | None = None,
    area: Area | None = None,
    today: datetime.date | None = None,
) -> Complaint:
    """A complaint written down as it arrived. Its deadline to be accepted or transferred is
    counted from the day received, on the working-day calendar."""
    if actor is not None and actor.role not in RECEIVERS:
        raise Forbidden()
    today = today or timezone.localdate()
    errors: dict[str, list[Any]] = {}
    channel = str(data.get("channel") or "").strip()
    if channel not in Channel.values:
        errors["channel"] = [_("Choose how the complaint arrived.")]
    kind = str(data.get("kind") or "").strip()
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a report, a complaint or a petition.")]
    subject_kind = str(data.get("subject_kind") or "").strip() or SubjectKind.OTHER
    if subject_kind not in SubjectKind.values:
        errors["subject_kind"] = [_("Choose what the complaint is about.")]
    received_on = today
    try:
        day = parse_date(data.get("received_on"), "received_on")
    except DomainError as exc:
        errors.update(exc.errors)
    else:
        if day is not None and day > today:
            errors["received_on"] = [_("This date is in the future.")]
        received_on = day or today
    anonymous = _flag(data.get("anonymous"))
    name = _text(errors, data.get("complainant_name"), "complainant_name", 60)
    phone = _text(errors, data.get("complainant_phone"), "complainant_phone", 30)
    if phone and "complainant_phone" not in errors and not PHONE.match(phone):
        errors["complainant_phone"] = [_("A phone number is digits, with - or spaces between them.")]
    id_text = str(data.get("complainant_id_number") or "").strip()
    id_number = ""
    if id_text:
        try:
            id_number = idnumbers.parse(id_text, field="complainant_id_number").number
        except DomainError as exc:
            errors.update(exc.errors)
    if anonymous and (name or phone or id_text):
        errors["anonymous"] = [_("An anonymous complaint keeps no name, phone or ID number.")]
    summary = _text(errors, data.get("summary"), "summary", TEXT_LIMIT, required=True)
    if subject_kind in SubjectKind.values:
        found_household, place, missing = _subject_area(
            kind=subject_kind,
            household=household,
            worker=worker,
            application=application,
            review=review,
            area=area,
            actor=actor,
        )
        errors.update(missing)
    if errors:
        raise DomainError(errors=errors)
    if place is None:
        raise DomainError(_("Choose the area the complaint is about."), field="area")
    if actor is not None and (actor.area is None or not actor.area.contains(place)):
        raise NotFound()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            channel=channel,
            kind=kind,
            received_on=received_on,
            anonymous=anonymous,
            complainant_name=name,
            complainant_phone=phone,
            complainant_id_number=id_number,
            subject_kind=subject_kind,
            household=found_household,
            worker=worker if subject_kind == SubjectKind.WORKER else None,
            application=application if subject_kind == SubjectKind.DECISION else None,
            review=review if subject_kind == SubjectKind.DECISION and application is None else None,
            area=place,
            summary=summary,
            accept_due_on=(due := deadlines.accept_due(received_on)),
            due_on=due,
            created_by=audit.acting_user(actor),
        )
        _event(complaint, action="receive", actor=actor, before=State.RECEIVED)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=complaint,
            area_code=place.code,
            household_id=complaint.household_id,
            after={
                **audit.snapshot(complaint, _FIELDS),
                # Whether the complainant left a name, never the name: see the module's docstring.
                "complainant_known": bool(name or phone or id_number),
            },
        )
    return complaint


def owner_check(complaint: Complaint, owner: User) -> None:
    """Whom a complaint may be given to: active staff who keep cases, whose area covers the
    complaint's (and so its household's community), and never the worker it is about."""
    if complaint.worker_id is not None and owner.pk == complaint.worker_id:
        raise DomainError(
            _("The complaint is about %(name)s: it cannot be handled by them.") % {"name": owner},
            field="owner",
            code="own_complaint",
        )
    if not owner.is_active or owner.role not in OWNERS:
        raise DomainError(_("Choose a member of staff who handles cases."), field="owner")
    if owner.area is None or not owner.area.contains(complaint.area):
        raise DomainError(
            _("%(name)s works outside %(area)s, where the complaint lies.")
            % {"name": owner, "area": complaint.area.name},
            field="owner",
        )


def _set_owner(complaint: Complaint, owner: User | None) -> None:
    if owner is not None:
        owner_check(complaint, owner)
        complaint.owner = owner


def complaint_accept(
    *,
    complaint: Complaint,
    actor: User | None,
    owner: User | None = None,
    today: datetime.date | None = None,
    version: int | None = None,
) -> Complaint:
    """Accepted for handling (and given to `owner`, if named): the handling deadline starts."""
    _require(actor, complaint, HANDLERS)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(complaint, version)
        if locked.state != State.RECEIVED:
            raise DomainError(_("Only a complaint just received is accepted or transferred."), code="state")
        before, state = audit.snapshot(locked, _FIELDS), locked.state
        _set_owner(locked, owner)
        locked.state, locked.accepted_on = State.ACCEPTED, today
        locked.handle_due_on = locked.due_on = deadlines.handle_due(today)
        locked.version += 1
        locked.save()
        _event(locked, action="accept", actor=actor, before=state)
        _audit(locked, actor, before)
    return locked


def complaint_transfer(
    *,
    complaint: Complaint,
    to: str,
    note: str = "",
    actor: User | None,
    today: datetime.date | None = None,
    version: int | None = None,
) -> Complaint:
    """Sent on to the body it belongs to (another department, the county above): not handled here."""
    _require(actor, complaint, HANDLERS)
    errors: dict[str, list[Any]] = {}
    to = _text(errors, to, "transferred_to", 100, required=True)
    note = _text(errors, note, "note", 300)
    if errors:
        raise DomainError(errors=errors)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(complaint, version)
        if locked.state != State.RECEIVED:
            raise DomainError(_("Only a complaint just received is accepted or transferred."), code="state")
        before, state = audit.snapshot(locked, _FIELDS), locked.state
        locked.state, locked.transferred_on, locked.transferred_to = State.TRANSFERRED, today, to
        locked.due_on = None
        locked.version += 1
        locked.save()
        _event(locked, action="transfer", actor=actor, before=state, note=note or to)
        _audit(locked, actor, before, note=note)
    return locked


def complaint_assign(
    *, complaint: Complaint, owner: User, actor: User | None, version: int | None = None
) -> Complaint:
    """Given to someone to handle (or to someone else)."""
    _require(actor, complaint, HANDLERS)
    with transaction.atomic():
        locked = _locked(complaint, version)
        if locked.state not in OPEN_STATES:
            raise DomainError(_("This complaint is no longer being handled."), code="state")
        before = audit.snapshot(locked, _FIELDS)
        _set_owner(locked, owner)
        locked.version += 1
        locked.save()
        _event(locked, action="assign", actor=actor, before=locked.state, note=str(owner))
        _audit(locked, actor, before)
    return locked


def complaint_investigate(
    *, complaint: Complaint, actor: User | None, version: int | None = None
) -> Complaint:
    """The investigation begun by whoever handles it."""
    _require_place(actor, complaint)
    with transaction.atomic():
        locked = _locked(complaint, version, owner_of=actor)
        if locked.state != State.ACCEPTED:
            raise DomainError(_("Only an accepted complaint is taken into investigation."), code="state")
        if locked.owner_id is None:
            raise DomainError(_("Name who handles the complaint first."), field="owner")
        before, state = audit.snapshot(locked, _FIELDS), locked.state
        locked.state = State.INVESTIGATING
        locked.version += 1
        locked.save()
        _event(locked, action="investigate", actor=actor, before=state)
        _audit(locked, actor, before)
    return locked


def complaint_extend(
    *, complaint: Complaint, reason: str, actor: User | None, version: int | None = None
) -> Complaint:
    """The handling deadline extended, once, with its reason."""
    _require(actor, complaint, HANDLERS)
    errors: dict[str, list[Any]] = {}
    reason = _text(errors, reason, "reason", 300, required=True)
    if errors:
        raise DomainError(_("An extension needs its reason."), field="reason")
    with transaction.atomic():
        locked = _locked(complaint, version)
        if locked.extended:
            raise DomainError(_("The deadline has already been extended once."), code="state")
        if locked.state not in HANDLING_STATES or locked.handle_due_on is None:
            raise DomainError(_("Only a complaint being handled has a deadline to extend."), code="state")
        before = audit.snapshot(locked, _FIELDS)
        locked.handle_due_on = locked.due_on = deadlines.extended_due(locked.handle_due_on)
        locked.extended, locked.extension_reason = True, reason
        locked.version += 1
        locked.save()
        _event(locked, action="extend", actor=actor, before=locked.state, note=reason)
        _audit(locked, actor, before, note=reason)
    return locked


def evidence_max_bytes() -> int:
    return int(settings.COMPLAINT_EVIDENCE_MAX_BYTES)


def note_add(
    *, complaint: Complaint, text: str, file: UploadedFile | None = None, actor: User | None
) -> Note:
    """A note of the investigation, with an evidence file where there is one (its size bounded)."""
    _require_place(actor, complaint)
    errors: dict[str, list[Any]] = {}
    text = _text(errors, text, "text", TEXT_LIMIT)
    if file is not None and getattr(file, "size", 0) > evidence_max_bytes():
        errors["file"] = [
            _("The file “%(name)s” is larger than %(limit)s.")
            % {"name": file.name, "limit": size_text(evidence_max_bytes())}
        ]
    if not text and file is None and not errors:
        errors["text"] = [_("Write the note, or add a file.")]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        locked = _locked(complaint, None, owner_of=actor)
        if locked.state in (State.CLOSED, State.TRANSFERRED):
            raise DomainError(_("This complaint is no longer being handled."), code="state")
        note = Note(complaint=locked, text=text, added_by=audit.acting_user(actor))
        if file is not None:
            note.file.save(file.name or "evidence", file, save=False)
        note.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=note,
            area_code=locked.area.code,
            household_id=locked.household_id,
            after={"complaint": locked.pk, **audit.snapshot(note, ["text", "file"])},
        )
    return note


def complaint_find(
    *,
    complaint: Complaint,
    finding: str,
    text: str,
    actor: User | None,
    today: datetime.date | None = None,
    version: int | None = None,
) -> Complaint:
    """The finding: substantiated, partly, or not, and what the investigation found."""
    _require_place(actor, complaint)
    errors: dict[str, list[Any]] = {}
    finding = str(finding or "").strip()
    if finding not in Finding.values:
        errors["finding"] = [_("Choose whether the complaint is substantiated.")]
    text = _text(errors, text, "finding_text", TEXT_LIMIT, required=True)
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        locked = _locked(complaint, version, owner_of=actor)
        if locked.state not in (State.ACCEPTED, State.INVESTIGATING):
            raise DomainError(_("Only a complaint under investigation gets its finding."), code="state")
        before, state = audit.snapshot(locked, _FIELDS), locked.state
        locked.state, locked.finding, locked.finding_text = State.FOUND, finding, text
        locked.found_on = today or timezone.localdate()
        locked.version += 1
        locked.save()
        _event(locked, action="find", actor=actor, before=state, note=text)
        _audit(locked, actor, before)
    return locked


def complaint_reply(
    *,
    complaint: Complaint,
    method: str,
    text: str,
    actor: User | None,
    today: datetime.date | None = None,
    version: int | None = None,
) -> Complaint:
    """The answer given to the complainant: handled once replied (on time or not)."""
    _require_place(actor, complaint)
    errors: dict[str, list[Any]] = {}
    method = str(method or "").strip()
    if method not in ReplyMethod.values:
        errors["reply_method"] = [_("Choose how the reply was given.")]
    elif complaint.anonymous and method != ReplyMethod.NONE:
        errors["reply_method"] = [_("An anonymous complaint has no one to reply to.")]
    elif not complaint.anonymous and method == ReplyMethod.NONE:
        errors["reply_method"] = [_("The complainant is known: say how they were answered.")]
    text = _text(errors, text, "reply_text", TEXT_LIMIT, required=True)
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        locked = _locked(complaint, version, owner_of=actor)
        if locked.state != State.FOUND:
            raise DomainError(_("The reply follows the finding."), code="state")
        before, state = audit.snapshot(locked, _FIELDS), locked.state
        locked.state, locked.reply_method, locked.reply_text = State.REPLIED, method, text
        locked.replied_on, locked.due_on = today or timezone.localdate(), None
        locked.version += 1
        locked.save()
        _event(locked, action="reply", actor=actor, before=state, note=text)
        _audit(locked, actor, before)
    return locked


def _result_check(locked: Complaint) -> None:
    if locked.state not in (State.FOUND, State.REPLIED):
        raise DomainError(_("A result follows the finding."), code="state")
    if locked.finding not in SUBSTANTIATED:
        raise DomainError(
            _("Only a substantiated complaint leads to a review or a correction."), code="state"
        )


def complaint_open_review(*, complaint: Complaint, actor: User | None) -> Complaint:
    """A substantiated complaint about a receiving household: its review opened (the reviews app's
    service, as a reported change), or the open review it already has taken as the result."""
    _require_place(actor, complaint)
    with transaction.atomic():
        locked = _locked(complaint, None, owner_of=actor)
        _result_check(locked)
        if locked.household_id is None:
            raise DomainError(_("The complaint names no household to review."), code="state")
        if locked.resulting_review_id is not None:
            raise DomainError(_("A review was already opened for this complaint."), code="state")
        household = Household.objects.select_related("community").get(pk=locked.household_id)
        review = (
            Review.objects.filter(household=household, program_id=DIBAO, state__in=REVIEW_OPEN_STATES)
            .order_by("id")
            .first()
        )
        if review is None:
            review = review_open(
                household=household,
                actor=actor,
                kind=ReviewKind.CHANGE,
                change_kind=ChangeKind.OTHER,
                occurred_on=locked.received_on,
                description=str(
                    _("Complaint of %(day)s found substantiated: %(finding)s")
                    % {"day": f"{locked.received_on:%Y-%m-%d}", "finding": locked.finding_text}
                )[:TEXT_LIMIT],
            )
        before = audit.snapshot(locked, _FIELDS)
        locked.resulting_review = review
        locked.version += 1
        locked.save()
        _event(locked, action="review", actor=actor, before=locked.state, note=str(review.pk))
        _audit(locked, actor, before)
    return locked


def complaint_correct(*, complaint: Complaint, text: str, actor: User | None) -> Complaint:
    """The correction a substantiated complaint led to, in words (a decision redone, a worker's
    conduct corrected, a payment put right)."""
    _require_place(actor, complaint)
    errors: dict[str, list[Any]] = {}
    text = _text(errors, text, "correction", TEXT_LIMIT, required=True)
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        locked = _locked(complaint, None, owner_of=actor)
        _result_check(locked)
        before = audit.snapshot(locked, _FIELDS)
        locked.correction = text
        locked.version += 1
        locked.save()
        _event(locked, action="correct", actor=actor, before=locked.state, note=text)
        _audit(locked, actor, before)
    return locked


def complaint_close(
    *,
    complaint: Complaint,
    actor: User | None,
    today: datetime.date | None = None,
    version: int | None = None,
) -> Complaint:
    """Closed once replied; a substantiated one only with its result (a review or a correction)."""
    _require(actor, complaint, HANDLERS)
    with transaction.atomic():
        locked = _locked(complaint, version)
        if locked.state != State.REPLIED:
            raise DomainError(_("A complaint is closed once replied to."), code="state")
        if locked.finding in SUBSTANTIATED and locked.resulting_review_id is None and not locked.correction:
            raise DomainError(
                _("A substantiated complaint closes with its result: a review opened or a correction."),
                code="state",
            )
        before, state = audit.snapshot(locked, _FIELDS), locked.state
        locked.state, locked.closed_on = State.CLOSED, today or timezone.localdate()
        locked.version += 1
        locked.save()
        _event(locked, action="close", actor=actor, before=state)
        _audit(locked, actor, before)
    return locked


def report_export_record(*, area: Area, months: str, actor: User | None) -> None:
    """Who took an area's complaints report out, for which months."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=area,
            area_code=area.code,
            after={"report": "complaints", "months": months},
        )
