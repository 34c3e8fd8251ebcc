"""A household's whole file as one PDF, bound in the fixed order of `sections.SECTIONS`:

1. each document is laid out on its own from the template and context its app prints it with
   (`cases.printing`, `reviews.printing`), so the copy in the file is the one printed alone;
   what no app prints (the registration sheet, the materials with their scans and photos, the
   reviews' record, the payment history) is laid out from this app's templates;
2. their pages are counted, and the contents page (archive number, every section in order, each
   document's first page in the bound file, the originals filed beside it) is laid out in front;
   if the contents themselves take another page, they are laid out once more with the pages moved;
3. the pages are bound into one PDF (`core.pdf.bind`).

It reads only. ID numbers and accounts are whole or masked as `core.disclosure` says for a
printed form and the viewer; the caller records the printing (and the whole numbers it carried).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.assistance.models import OneOffGrant
from dibao.cases import printing as case_printing
from dibao.cases.models import Application, AppraisalMeeting, Material, MaterialKind, Notice, State
from dibao.core import disclosure
from dibao.core.pdf import LANDSCAPE, PORTRAIT, bind, render_document
from dibao.payroll.models import FIXED_STATES, Line
from dibao.policy.forms import program_names
from dibao.registry.models import Household, Relation
from dibao.reviews import printing as review_printing
from dibao.reviews.models import Review

from . import sections
from .images import kept

REVIEWED = frozenset({State.REVIEWED, State.APPROVED, State.REJECTED})
DECIDED = frozenset({State.APPROVED, State.REJECTED})


@dataclass
class Part:
    """One document of the file."""

    section: str
    title: str
    template: str
    context: dict[str, Any]
    page: str = PORTRAIT


@dataclass
class Original:
    """A material not bound (a PDF scan, a file of another kind): listed, filed beside the file."""

    section: str
    title: str
    note: str


@dataclass
class Bound:
    pdf: bytes
    pages: int
    contents: list[dict[str, Any]]
    whole_id_numbers: bool
    members: list[Any] = field(default_factory=list)


def _application_label(application: Application, names: dict[str, str]) -> str:
    made = timezone.localtime(application.created_at).date()
    return f"{names.get(str(application.program_id), str(application.program_id))} · {made:%Y-%m-%d}"


def _materials(
    application: Application, materials: list[Material], label: str
) -> tuple[dict[str, Any], list[Original]]:
    rows, originals = [], []
    for material in materials:
        file = kept(material.file)
        rows.append({"material": material, "file": file})
        if file is not None and not file.image:
            originals.append(
                Original(
                    sections.APPLICATIONS, f"{material.get_kind_display()} · {label} · {file.name}", file.note
                )
            )
    return {"application": application, "rows": rows, "label": label}, originals


def parts(household: Household, viewer: User | None) -> tuple[list[Part], list[Original]]:
    """Every document of the household's file, in the order it is bound, and the originals filed
    beside it."""
    applications = list(
        Application.objects.filter(household=household)
        .select_related("community", "household", "member")
        .order_by("created_at", "id")
    )
    materials: dict[int, list[Material]] = {}
    for material in Material.objects.filter(application__in=applications).order_by(
        "application_id", "added_at", "id"
    ):
        materials.setdefault(material.application_id, []).append(material)
    reviews = list(
        Review.objects.filter(household=household)
        .select_related("community__parent")
        .order_by("opened_at", "id")
    )
    names = program_names({str(a.program_id) for a in applications} | {str(r.program_id) for r in reviews})
    found: dict[str, list[Part]] = {key: [] for key, _title in sections.SECTIONS}
    originals: list[Original] = []

    members = list(household.members.order_by("id"))
    found[sections.REGISTRATION].append(
        Part(
            sections.REGISTRATION,
            _("Household registration sheet"),
            "casefiles/print/registration.html",
            {
                "household": household,
                "members": members,
                "incomes": household.incomes.select_related("member").order_by("id"),
                "assets": household.assets.select_related("member").order_by("id"),
                "viewer": viewer if viewer is not None else disclosure.NOBODY,
            },
        )
    )
    for application in applications:
        label = _application_label(application, names)
        found[sections.APPLICATIONS].append(
            Part(
                sections.APPLICATIONS,
                _("Application form · %(label)s") % {"label": label},
                case_printing.APPLICATION_FORM,
                case_printing.case_context(application, viewer),
            )
        )
        own = materials.get(application.pk, [])
        papers = [m for m in own if m.kind != MaterialKind.PHOTO]
        photos = [m for m in own if m.kind == MaterialKind.PHOTO]
        if papers:
            context, filed = _materials(application, papers, label)
            originals += filed
            found[sections.APPLICATIONS].append(
                Part(
                    sections.APPLICATIONS,
                    _("Materials · %(label)s") % {"label": label},
                    "casefiles/print/materials.html",
                    context,
                )
            )
        if application.investigations.exists():
            found[sections.INVESTIGATIONS].append(
                Part(
                    sections.INVESTIGATIONS,
                    _("Home investigation record · %(label)s") % {"label": label},
                    case_printing.INVESTIGATION_RECORD,
                    case_printing.investigation_context(application, viewer),
                )
            )
        if photos:
            context, filed = _materials(application, photos, label)
            originals += [Original(sections.INVESTIGATIONS, o.title, o.note) for o in filed]
            context["photos"] = True
            found[sections.INVESTIGATIONS].append(
                Part(
                    sections.INVESTIGATIONS,
                    _("Photos of the home visit · %(label)s") % {"label": label},
                    "casefiles/print/materials.html",
                    context,
                )
            )
        if application.state in REVIEWED:
            found[sections.DECISIONS].append(
                Part(
                    sections.DECISIONS,
                    _("Approval form · %(label)s") % {"label": label},
                    case_printing.APPROVAL_FORM,
                    case_printing.approval_context(application, viewer),
                )
            )
        if application.state in DECIDED:
            found[sections.DECISIONS].append(
                Part(
                    sections.DECISIONS,
                    _("Decision notice · %(label)s") % {"label": label},
                    case_printing.DECISION_NOTICE,
                    case_printing.case_context(application, viewer),
                )
            )
    meetings = (
        AppraisalMeeting.objects.filter(opinions__application__in=applications)
        .distinct()
        .order_by("held_on", "id")
    )
    for meeting in meetings:
        found[sections.APPRAISALS].append(
            Part(
                sections.APPRAISALS,
                _("Appraisal minutes · %(date)s") % {"date": f"{meeting.held_on:%Y-%m-%d}"},
                case_printing.APPRAISAL_MINUTES,
                case_printing.appraisal_context(meeting),
            )
        )
    notices = Notice.objects.filter(applications__in=applications).distinct().order_by("id")
    for notice in notices:
        found[sections.NOTICES].append(
            Part(
                sections.NOTICES,
                _("Public notice · %(title)s") % {"title": str(notice)},
                case_printing.NOTICE_POSTER,
                case_printing.notice_context(notice),
                page=LANDSCAPE,
            )
        )
    if reviews:
        found[sections.REVIEWS].append(
            Part(
                sections.REVIEWS,
                _("Record of reviews"),
                "casefiles/print/reviews.html",
                {
                    "household": household,
                    "reviews": [(r, names.get(str(r.program_id), str(r.program_id))) for r in reviews],
                },
            )
        )
    for review in reviews:
        if review_printing.has_notice(review):
            found[sections.CHANGES].append(
                Part(
                    sections.CHANGES,
                    _("Notice of change No. %(number)s") % {"number": review.notice_number},
                    review_printing.TEMPLATE,
                    review_printing.notice_context(review),
                )
            )
        if review.evidence:
            file = kept(review.evidence)
            if file is not None and not file.image:
                originals.append(
                    Original(sections.REVIEWS, _("Evidence · %(name)s") % {"name": file.name}, file.note)
                )
    found[sections.PAYMENTS].append(
        Part(sections.PAYMENTS, _("Payment history"), "casefiles/print/payments.html", payments(household))
    )
    return [part for key, _title in sections.SECTIONS for part in found[key]], originals


def payments(household: Household) -> dict[str, Any]:
    """Every line of a fixed payroll run and every one-off grant, oldest first, with their totals."""
    lines = list(
        Line.objects.filter(household=household, run__state__in=FIXED_STATES)
        .select_related("run")
        .order_by("run__month", "id")
    )
    grants = list(OneOffGrant.objects.filter(household=household).order_by("decided_on", "id"))
    names = program_names({str(x.program_id) for x in lines} | {str(g.program_id) for g in grants})
    return {
        "household": household,
        "lines": [(line, names.get(str(line.program_id), str(line.program_id))) for line in lines],
        "grants": [(grant, names.get(str(grant.program_id), str(grant.program_id))) for grant in grants],
        # Added up here, as Decimals, not by the database (SQLite sums decimals as floating point).
        "lines_total": sum((line.total for line in lines), Decimal("0.00")),
        "grants_total": sum((g.amount for g in grants), Decimal("0.00")),
    }


def _contents(
    laid: list[tuple[Part, int]], originals: list[Original], first_page: int
) -> list[dict[str, Any]]:
    """The sections in their order, each document with its first page in the bound file."""
    page = first_page
    entries: dict[str, list[dict[str, Any]]] = {key: [] for key, _title in sections.SECTIONS}
    for part, count in laid:
        entries[part.section].append({"title": part.title, "page": page, "pages": count, "note": ""})
        page += count
    for original in originals:
        entries[original.section].append(
            {"title": original.title, "page": None, "pages": 0, "note": original.note}
        )
    return [
        {
            "section": key,
            "title": str(title),
            "page": next((e["page"] for e in entries[key] if e["page"]), None),
            "entries": entries[key],
        }
        for key, title in sections.SECTIONS
    ]


def bound_file(
    household: Household, *, archive_number: str, viewer: User | None, printed_by: str, version: int
) -> Bound:
    """The file as one PDF, with its contents (as recorded) and page count."""
    documents, originals = parts(household, viewer)
    laid = [(part, render_document(part.template, part.context, page=part.page)) for part in documents]
    counted = [(part, len(document.pages)) for part, document in laid]
    head = household.members.filter(relation=Relation.SELF).order_by("id").first()
    cover = {
        "household": household,
        "head": head.name if head is not None else "",
        "archive_number": archive_number,
        "printed_by": printed_by,
        "version": version,
        "printed_at": timezone.localtime(),
    }
    front_pages = 1
    for _attempt in range(3):
        contents = _contents(counted, originals, front_pages + 1)
        front = render_document("casefiles/print/contents.html", {**cover, "contents": contents})
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    pdf = bind([front, *[document for _part, document in laid]])
    pages = len(front.pages) + sum(count for _part, count in counted)
    return Bound(
        pdf=pdf,
        pages=pages,
        contents=contents,
        whole_id_numbers=disclosure.sees_whole_id(viewer, disclosure.Use.PRINT),
        members=[{"id": m.pk, "name": m.name} for m in household.members.order_by("id")],
    )
