"""The printed forms of a case (cases.printing) as downloads, offered once there is something to print."""

from collections.abc import Callable

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.staff import StaffRequest
from dibao.core.downloads import download_name, pdf_response
from dibao.core.page_access import page

from .. import printing, selectors
from ..models import Application, State
from .access import CASE_READERS

DECIDED = frozenset({State.APPROVED, State.REJECTED})

# slug: (label, printer, the file's name as it is filed — in Chinese, like the form itself). A
# printer takes the application and the viewer, who decides which numbers are whole (cases.printing).
PRINTED: dict[str, tuple[object, Callable[..., bytes], str]] = {
    "application": (_("Application form"), printing.application_form, "申请书"),
    "investigation": (_("Home investigation record"), printing.investigation_record, "入户调查表"),
    "approval": (_("Approval form"), printing.approval_form, "审批表"),
    "decision": (_("Decision notice"), printing.decision_notice, "决定通知书"),
}


def printable(application: Application, *, investigated: bool) -> list[str]:
    """The forms that make sense now: no decision notice before a decision, and so on."""
    slugs = ["application"]
    if investigated:
        slugs.append("investigation")
    if application.state in DECIDED | {State.REVIEWED}:
        slugs.append("approval")
    if application.state in DECIDED:
        slugs.append("decision")
    return slugs


@page(roles=CASE_READERS)
def case_print(request: StaffRequest, pk: int, form: str) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    investigated = application.investigations.exists()
    if form not in PRINTED or form not in printable(application, investigated=investigated):
        raise Http404
    _label, printer, name = PRINTED[form]
    return pdf_response(printer(application, viewer=request.user), printed_name(application, name))


def printed_name(application: Application, name: str) -> str:
    """审批表（H0001）-海州社区-2026年12月.pdf: the form, the household's number, its community and
    the month the application was made."""
    made = timezone.localtime(application.created_at).date()
    return download_name(f"{name}（{application.household.number}）", application.community.name, made, "pdf")
