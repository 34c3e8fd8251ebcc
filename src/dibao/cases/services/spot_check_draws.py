"""Random spot checks the county can prove were random (随机抽查, POLICY.md §1 step 5 and §4).

The county picks a program, a period of months and a share (by default its terms' `spot_check_share`,
else 30%); the draw is made in these steps, each one anyone can repeat:
1. the decisions: the program's applications in the county approved or rejected in those months,
   in the order of their ids (an order that never changes);
2. the size: the share of their number, rounded up (at least one when there is any decision);
3. the sample: `random.Random(seed).sample(decisions, size)` with a recorded seed (chosen at
   random unless given), kept as the drawn list, in the order drawn;
4. a digest (SHA-256) of the decisions drawn from, so that drawing again later tells whether the
   list differs because the decisions themselves changed (a decision reversed) or not at all.
Each drawn decision's check is the case's `SpotCheck`, recorded against the draw; the coverage
(drawn, checked, outstanding, findings) is counted by `selectors.draw_coverage`.
"""

import datetime
import hashlib
import math
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import add_months
from dibao.core.scoping import within_area
from dibao.policy.models import Program
from dibao.policy.programs.in_force import program_in_force

from ..inputs import SpotCheckData
from ..models import Application, SpotCheck, SpotCheckDraw, SpotCheckDrawItem, State
from .common import event
from .spot_checks import SPOT_CHECKERS, _clean

DEFAULT_SHARE = Decimal("0.30")
# Seeds fit PostgreSQL's bigint.
SEED_LIMIT = 2**63


def draw_sample(decisions: Sequence[int], share: Decimal, seed: int) -> list[int]:
    """Steps 2 and 3: the decisions drawn, in the order drawn. Pure: the same arguments always
    give the same list."""
    if not decisions or share <= 0:
        return []
    size = min(len(decisions), max(1, math.ceil(Decimal(len(decisions)) * share)))
    return random.Random(seed).sample(list(decisions), size)


def digest_of(decisions: Sequence[int]) -> str:
    return hashlib.sha256(",".join(str(pk) for pk in decisions).encode()).hexdigest()


def decisions_of(county: Area, program: str, month_from: datetime.date, month_to: datetime.date) -> list[int]:
    """Step 1: the ids of the decisions, in their stable order."""
    return list(
        within_area(Application.objects.all(), county)
        .filter(
            program_id=program,
            state__in=[State.APPROVED, State.REJECTED],
            decided_on__gte=month_from,
            decided_on__lt=add_months(month_to, 1),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def require_drawer(county: Area, actor: User | None) -> None:
    if county.level != Level.COUNTY:
        raise DomainError(_("Spot checks are drawn by a county."), field="county")
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(county):
        raise NotFound()
    if actor.role not in SPOT_CHECKERS:
        raise Forbidden()


def default_share(county: Area, program: str, month: datetime.date) -> Decimal:
    terms = program_in_force(county, month, program)
    share = terms.terms.get("spot_check_share") if terms else None
    return Decimal(str(share)) if share not in (None, "") else DEFAULT_SHARE


def _share(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        share = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise DomainError(_("Give the share as a number from 0 to 1, such as 0.3."), field="share") from None
    if str(value).strip().endswith("%"):
        share /= 100
    if not share.is_finite() or not Decimal("0") < share <= Decimal("1"):
        raise DomainError(_("The share lies above 0 and at most 1 (100%)."), field="share")
    return share.quantize(Decimal("0.0001"))


def _seed(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        seed = int(str(value).strip())
    except ValueError:
        raise DomainError(_("The seed is a whole number."), field="seed") from None
    if not 0 <= seed < SEED_LIMIT:
        raise DomainError(_("The seed lies from 0 to 2⁶³−1."), field="seed")
    return seed


def spot_check_draw(
    *,
    county: Area,
    program: str,
    month_from: datetime.date,
    month_to: datetime.date,
    share: Any = None,
    seed: Any = None,
    actor: User | None,
) -> SpotCheckDraw:
    """Draw the sample and keep it, with its seed, audited."""
    require_drawer(county, actor)
    if not Program.objects.filter(code=program).exists():
        raise DomainError(_("No such program."), field="program")
    month_from, month_to = month_from.replace(day=1), month_to.replace(day=1)
    if month_to < month_from:
        raise DomainError(_("The period ends before it begins."), field="month_to")
    chosen_share = _share(share) or default_share(county, program, month_to)
    chosen_seed = _seed(seed)
    if chosen_seed is None:
        chosen_seed = secrets.randbelow(SEED_LIMIT)
    decisions = decisions_of(county, program, month_from, month_to)
    if not decisions:
        raise DomainError(_("The county made no decision of this program in the period."), field="month_to")
    drawn = draw_sample(decisions, chosen_share, chosen_seed)
    with transaction.atomic():
        draw = SpotCheckDraw.objects.create(
            county=county,
            program_id=program,
            month_from=month_from,
            month_to=month_to,
            share=chosen_share,
            seed=chosen_seed,
            decisions=len(decisions),
            digest=digest_of(decisions),
            drawn_by=audit.acting_user(actor),
        )
        SpotCheckDrawItem.objects.bulk_create(
            SpotCheckDrawItem(draw=draw, application_id=pk, position=i) for i, pk in enumerate(drawn, 1)
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=draw,
            area_code=county.code,
            after={
                "program": program,
                "from": f"{month_from:%Y-%m}",
                "to": f"{month_to:%Y-%m}",
                "share": str(chosen_share),
                "seed": chosen_seed,
                "decisions": len(decisions),
                "drawn": drawn,
            },
        )
    return draw


@dataclass(frozen=True)
class Redrawn:
    """A draw made again from its record: the same list or not, and whether its decisions changed."""

    stored: list[int]
    drawn: list[int]
    decisions_changed: bool

    @property
    def same(self) -> bool:
        return self.stored == self.drawn

    def as_json(self) -> dict[str, Any]:
        return {
            "same": self.same,
            "decisions_changed": self.decisions_changed,
            "stored": self.stored,
            "drawn": self.drawn,
        }


def spot_check_redraw(*, draw: SpotCheckDraw) -> Redrawn:
    """Draw again with the recorded seed, share and period over today's decisions; reads only."""
    decisions = decisions_of(draw.county, str(draw.program_id), draw.month_from, draw.month_to)
    stored = list(draw.items.order_by("position").values_list("application_id", flat=True))
    return Redrawn(
        stored=stored,
        drawn=draw_sample(decisions, draw.share, draw.seed),
        decisions_changed=digest_of(decisions) != draw.digest,
    )


def drawn_check_record(
    *, draw: SpotCheckDraw, application: Application, data: SpotCheckData, actor: User | None
) -> SpotCheck:
    """Record the check of a drawn decision: on the case's timeline, audited, against the draw."""
    require_drawer(draw.county, actor)
    values = _clean(data)
    if not draw.items.filter(application=application).exists():
        raise NotFound()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=application.pk)
        )
        if SpotCheck.objects.filter(application=application).exists():
            raise DomainError(_("This case's spot check is already recorded."), code="exists")
        try:
            with transaction.atomic():
                check = SpotCheck.objects.create(
                    application=application, draw=draw, recorded_by=audit.acting_user(actor), **values
                )
        except IntegrityError:  # recorded at the same moment by someone else
            raise DomainError(_("This case's spot check is already recorded."), code="exists") from None
        finding = SpotCheck.Finding(values["finding"]).label
        event(
            application,
            action="spot_check",
            actor=actor,
            before=application.state,
            note=f"{finding} · {values['checked_by']}",
            data={"id": check.pk, "draw": draw.pk},
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=check,
            area_code=application.community.code,
            household_id=application.household_id,
            after={**audit.snapshot(check), "draw": draw.pk},
        )
    return check
