"""The community's appraisal panel and its meetings (民主评议)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.months import parse_date

from ..inputs import OpinionData, PanelMemberData
from ..models import (
    Application,
    AppraisalMeeting,
    AppraisalOpinion,
    PanelMember,
    State,
)
from .common import (
    record_on_case,
    require_area,
    today,
)


def panel_member_add(*, community: Area, data: PanelMemberData, actor: User | None) -> PanelMember:
    require_area(actor, community)
    name = str(data.get("name") or "").strip()
    if not name:
        raise DomainError(_("This field is required."), field="name")
    term_from = parse_date(data.get("term_from"), "term_from") or today()
    term_to = parse_date(data.get("term_to"), "term_to")
    if term_to and term_to < term_from:
        raise DomainError(_("The term cannot end before it begins."), field="term_to")
    with transaction.atomic():
        member = PanelMember.objects.create(
            community=community,
            name=name[:40],
            role=str(data.get("role") or "")[:40],
            term_from=term_from,
            term_to=term_to,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=member,
            area_code=community.code,
            after=audit.snapshot(member),
        )
    return member


def appraisal_record(
    *,
    community: Area,
    held_on: datetime.date,
    present: list[int],
    minutes: str,
    opinions: list[OpinionData],
    actor: User | None,
) -> AppraisalMeeting:
    """One meeting of the community's panel deciding several applications (民主评议).

    `opinions`: [{"application": id, "opinion": "agree"|"disagree", "votes_for": n, "votes_against": n,
    "abstentions": n}]. Attendance must reach two thirds of the panel serving that day.
    """
    require_area(actor, community)
    if not isinstance(held_on, datetime.date):
        raise DomainError(_("This field is required."), field="held_on")
    # Ids arrive as text from a form and as numbers from the API.
    try:
        ids = [int(o.get("application") or 0) for o in opinions]
    except (TypeError, ValueError):
        raise DomainError(_("Not understood."), field="opinions") from None
    serving = PanelMember.objects.filter(community=community, term_from__lte=held_on).exclude(
        term_to__lt=held_on
    )
    serving_ids = set(serving.values_list("pk", flat=True))
    chosen = set(present) & serving_ids
    errors: dict[str, list[Any]] = {}
    if not serving_ids:
        errors["present"] = [_("The community has no appraisal panel serving on that day.")]
    elif len(chosen) * 3 < len(serving_ids) * 2:
        errors["present"] = [
            _("At least two thirds of the panel (%(need)d of %(all)d) must be present.")
            % {"need": -(-len(serving_ids) * 2 // 3), "all": len(serving_ids)}
        ]
    if not opinions:
        errors["opinions"] = [_("Record the opinion on at least one application.")]
    apps = {a.pk: a for a in Application.objects.filter(pk__in=ids, community=community)}
    for position, (app_id, o) in enumerate(zip(ids, opinions, strict=True), start=1):
        app = apps.get(app_id)
        if app is None or app.state != State.INVESTIGATED:
            errors.setdefault("opinions", []).append(
                _("Line %(n)d: not an investigated application of this community.") % {"n": position}
            )
            continue
        if o.get("opinion") not in AppraisalOpinion.Opinion.values:
            errors.setdefault("opinions", []).append(
                _("Line %(n)d: choose agree or disagree.") % {"n": position}
            )
        try:
            votes = [
                int(o.get("votes_for") or 0),
                int(o.get("votes_against") or 0),
                int(o.get("abstentions") or 0),
            ]
        except (TypeError, ValueError):
            errors.setdefault("opinions", []).append(
                _("Line %(n)d: votes are whole numbers.") % {"n": position}
            )
            continue
        if min(votes) < 0 or sum(votes) > len(chosen):
            errors.setdefault("opinions", []).append(
                _("Line %(n)d: the votes do not match the members present.") % {"n": position}
            )
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        meeting = AppraisalMeeting.objects.create(
            community=community, held_on=held_on, minutes=minutes, recorded_by=audit.acting_user(actor)
        )
        meeting.present.set(chosen)
        for app_id, o in zip(ids, opinions, strict=True):
            app = apps[app_id]
            opinion = AppraisalOpinion.objects.create(
                meeting=meeting,
                application=app,
                opinion=str(o["opinion"]),  # one of the choices: checked above
                votes_for=int(o.get("votes_for") or 0),
                votes_against=int(o.get("votes_against") or 0),
                abstentions=int(o.get("abstentions") or 0),
            )
            record_on_case(app, actor, "opinion", opinion, note=opinion.get_opinion_display())
    return meeting
