"""Which step may follow which, and who may take it: the one table of the application workflow.

    draft → submitted → accepted (or returned, with the one-time list of what is missing)
          → investigated → [appraised] → under notice → notice closed → reviewed → approved | rejected
    an objection during the notice sends the case back to accepted (re-investigation);
    withdrawn from any open state; a fast-track case (先行救助) is decided first, documented after.

Which steps a program's applications take — the appraisal, the public notice, a street review
before the decision — and who decides (the county, or the street where 审核确认 is delegated) come
from its procedure in force (`cases.programs.Procedure`: 低保's rules, or the program's terms); a
case of a staff member's close relative is always decided by the county. `allowed` answers both
questions for pages, API and services alike.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dibao.core.roles import Role

from .models import OPEN_STATES, Application, Kind, State
from .programs import Procedure

WORKERS = frozenset({Role.COMMUNITY, Role.STREET})


@dataclass(frozen=True)
class Step:
    name: str
    label: object
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


STEPS: dict[str, Step] = {
    s.name: s
    for s in (
        Step("submit", _("Submit"), frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED, WORKERS),
        Step("return", _("Return for materials"), frozenset({State.SUBMITTED}), State.RETURNED, WORKERS),
        Step("accept", _("Accept"), frozenset({State.SUBMITTED}), State.ACCEPTED, WORKERS),
        Step(
            "investigate", _("Investigation done"), frozenset({State.ACCEPTED}), State.INVESTIGATED, WORKERS
        ),
        Step("appraise", _("Appraisal done"), frozenset({State.INVESTIGATED}), State.APPRAISED, WORKERS),
        Step(
            "post_notice",
            _("Post the public notice"),
            frozenset({State.INVESTIGATED, State.APPRAISED}),
            State.UNDER_NOTICE,
            WORKERS,
        ),
        Step("object", _("Record an objection"), frozenset({State.UNDER_NOTICE}), State.ACCEPTED, WORKERS),
        Step(
            "close_notice",
            _("Close the notice"),
            frozenset({State.UNDER_NOTICE}),
            State.NOTICE_CLOSED,
            WORKERS,
        ),
        Step(
            "review",
            _("Street review"),
            frozenset({State.NOTICE_CLOSED}),
            State.REVIEWED,
            frozenset({Role.STREET}),
        ),
        Step(
            "approve",
            _("Approve"),
            frozenset({State.REVIEWED}),
            State.APPROVED,
            frozenset({Role.STREET, Role.COUNTY}),
        ),
        Step(
            "reject",
            _("Reject"),
            frozenset({State.REVIEWED}),
            State.REJECTED,
            frozenset({Role.STREET, Role.COUNTY}),
        ),
        Step("withdraw", _("Withdraw"), frozenset(OPEN_STATES), State.WITHDRAWN, WORKERS),
    )
}

# 先行救助: the street or the county decides at once; the steps are documented afterwards.
FAST_TRACK_SOURCES = frozenset({State.SUBMITTED, State.ACCEPTED})


def deciders(application: Application, procedure: Procedure) -> frozenset[str]:
    if application.close_relative or not procedure.street_decides:
        return frozenset({Role.COUNTY})
    return frozenset({Role.STREET, Role.COUNTY})


def _before_decision(procedure: Procedure) -> frozenset[str]:
    """Where a program's case is ready for the street's review (or, without one, its decision)."""
    if procedure.notice:
        return frozenset({State.NOTICE_CLOSED})
    return frozenset({State.ACCEPTED, State.INVESTIGATED})


def sources(step: Step, application: Application, procedure: Procedure) -> frozenset[str]:
    if step.name in ("approve", "reject") and application.kind == Kind.FAST_TRACK:
        # Help first is confirmed once its paperwork is done, too.
        after = _before_decision(procedure) if not procedure.street_review else frozenset()
        return step.sources | FAST_TRACK_SOURCES | after
    if step.name == "appraise" and not procedure.appraisal and procedure.pays_person:
        return frozenset()
    if step.name == "post_notice":
        if not procedure.notice:
            return frozenset()
        if procedure.appraisal:
            return frozenset({State.APPRAISED})
    if step.name == "review":
        return _before_decision(procedure) if procedure.street_review else frozenset()
    if step.name in ("approve", "reject") and not procedure.street_review:
        return _before_decision(procedure)
    return step.sources


def roles(step: Step, application: Application, procedure: Procedure) -> frozenset[str]:
    if step.name in ("approve", "reject"):
        return deciders(application, procedure)
    return step.roles


def allowed(step: Step, application: Application, procedure: Procedure, role: str) -> bool:
    """May a user of `role` take `step` now? (Area and data are the services' checks.)"""
    return application.state in sources(step, application, procedure) and role in roles(
        step, application, procedure
    )


def next_steps(application: Application, procedure: Procedure, role: str) -> list[Step]:
    return [s for s in STEPS.values() if allowed(s, application, procedure, role)]


# What a timeline entry that is not a step of the workflow records (services name them so).
RECORD_ACTIONS = {
    "create": _("Application created"),
    "material": _("Material added"),
    "materials": _("Materials ticked on the checklist"),
    "investigation": _("Home investigation recorded"),
    "verification": _("Economic check result recorded"),
    "opinion": _("Appraisal opinion recorded"),
    "objection_resolved": _("Objection resolved"),
    "close_relative": _("Filed as a close relative of staff"),
    "extend": _("Deadline extended"),
    "help_first": _("Help given first (先行救助)"),
    "spot_check": _("County spot check recorded"),
    "without_check": _("Went on without an economic check result"),
}


def action_label(action: str) -> object:
    """A timeline entry's action in words, as the case page and the printed approval form show it."""
    step = STEPS.get(action)
    return step.label if step else RECORD_ACTIONS.get(action, action)
