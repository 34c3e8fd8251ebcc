"""The printed forms of a case, as PDF: what is signed, filed or posted on the board.

HTML templates (templates/cases/print/) made into PDF by `core.pdf` (WeasyPrint, the Noto CJK
fonts, A4).

A case's forms are printed for a `viewer`: the ID numbers and bank account on them are whole or
masked as core.disclosure says for printing, and a form printed with whole ID numbers leaves an
audit entry naming who printed it and whose numbers it carried.

Each form is a template and a context (`*_context`), so a bound file that carries the form (the
household's case file, casefiles) prints the very same document.
"""

from typing import Any

from dibao.accounts.models import User
from dibao.core import disclosure
from dibao.core.pdf import LANDSCAPE, render_pdf
from dibao.policy.engine.explanation import Line

from .models import Application, AppraisalMeeting, Notice
from .publicity import notice_lines
from .services.printing import whole_numbers_printed_record
from .workflow import action_label

APPLICATION_FORM = "cases/print/application_form.html"
INVESTIGATION_RECORD = "cases/print/investigation_record.html"
APPRAISAL_MINUTES = "cases/print/appraisal_minutes.html"
NOTICE_POSTER = "cases/print/notice_poster.html"
APPROVAL_FORM = "cases/print/approval_form.html"
DECISION_NOTICE = "cases/print/decision_notice.html"


def case_context(application: Application, viewer: User | None) -> dict[str, Any]:
    """What the application, approval and decision forms show (whole numbers as `viewer` sees them)."""
    household = application.household
    return {
        "application": application,
        "viewer": viewer if viewer is not None else disclosure.NOBODY,
        "household": household,
        "members": household.members.order_by("id"),
        "incomes": household.incomes.select_related("member"),
        "explanation": [Line.from_json(x).render() for x in application.explanation],
    }


def application_form(application: Application, *, viewer: User | None) -> bytes:
    """The form the applicant signs, with every member's ID number: whole for those who register
    and decide (recorded), masked for anyone else."""
    context = case_context(application, viewer)
    pdf = render_pdf(APPLICATION_FORM, context)
    if disclosure.sees_whole_id(viewer, disclosure.Use.PRINT):
        whole_numbers_printed_record(
            application=application, viewer=viewer, form="application", members=list(context["members"])
        )
    return pdf


def investigation_context(application: Application, viewer: User | None) -> dict[str, Any]:
    context = case_context(application, viewer)
    context["investigations"] = application.investigations.all()
    context["verifications"] = application.verifications.select_related("member")
    return context


def investigation_record(application: Application, *, viewer: User | None) -> bytes:
    return render_pdf(INVESTIGATION_RECORD, investigation_context(application, viewer))


def appraisal_context(meeting: AppraisalMeeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "present": meeting.present.all(),
        "opinions": meeting.opinions.select_related("application"),
    }


def appraisal_minutes(meeting: AppraisalMeeting) -> bytes:
    return render_pdf(APPRAISAL_MINUTES, appraisal_context(meeting))


def notice_context(notice: Notice) -> dict[str, Any]:
    """Ten households a sheet, as the poster prints them (A4 landscape, `LANDSCAPE`)."""
    lines = notice_lines(notice)
    sheets = [lines[i : i + 10] for i in range(0, len(lines), 10)] or [[]]
    return {"notice": notice, "sheets": sheets}


def notice_poster(notice: Notice) -> bytes:
    """A4 landscape for the board, ten households a sheet in type large enough to read standing."""
    return render_pdf(NOTICE_POSTER, notice_context(notice), page=LANDSCAPE)


def _signer(user: User | None) -> str:
    if user is None:
        return "—"
    return user.full_name or f"{user.area.name if user.area else ''} {user.get_role_display()}"


def approval_context(application: Application, viewer: User | None) -> dict[str, Any]:
    context = case_context(application, viewer)
    events = application.events.select_related("actor__area").order_by("at", "id")
    # A step in words, as the case page shows it, and who took it by name (or office and role, for
    # a user without a full name): the form is signed and filed, not read by a program.
    context["events"] = [(event, action_label(event.action), _signer(event.actor)) for event in events]
    return context


def approval_form(application: Application, *, viewer: User | None) -> bytes:
    return render_pdf(APPROVAL_FORM, approval_context(application, viewer))


def decision_notice(application: Application, *, viewer: User | None) -> bytes:
    return render_pdf(DECISION_NOTICE, case_context(application, viewer))
