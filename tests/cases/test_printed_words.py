"""What is printed, posted or signed reads in words: every printed document, rendered in Chinese
and in English and read back from the PDF, shows no identifier of the code (a step's name, a
choice's stored value, snake_case), and the benefit amount is never called an income."""

import datetime
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test.signals import template_rendered
from django.utils import translation

import dibao
from dibao.casefiles.services import casefile_print
from dibao.cases import printing, services
from dibao.cases.workflow import action_label
from dibao.labour.printing import reminder_pdf
from dibao.payroll import roster
from dibao.payroll import services as payroll
from dibao.registry.services import income_add
from dibao.reviews.models import Review
from dibao.reviews.printing import notice_pdf
from dibao.reviews.services import review_approve, review_open, review_record
from tests.benefits.support import receiving
from tests.labour.support import reminded

from .support import application, days_ago, standards

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

PRINT_TEMPLATES = {
    "/".join(path.parts[-3:]) for path in Path(dibao.__file__).parent.glob("*/templates/*/print/*.html")
}
# In Chinese no Latin word at all (an ID number's final X is one letter, not a word).
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
# In English, words of the code: post_notice, fast_track, gradual_exit …
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def decided_review(household, actor, outcome: str, **data) -> Review:  # type: ignore[no-untyped-def]
    review = review_open(household=household, actor=actor)
    return review_record(
        review=review, actor=actor, data={"outcome": outcome, "effective_on": "2026-03-01", **data}
    )


def documents(areas, users) -> dict[str, Callable[[], bytes]]:  # type: ignore[no-untyped-def]
    """One of every printed document, each from data the real services wrote."""
    approved = application(areas, users, until="review")
    services.verification_add(
        application=approved,
        data={"kind": "vehicle", "description": "无机动车", "source": "公安交管", "member": ""},
        actor=users.haizhou,
    )
    services.transition(application=approved, step="approve", actor=users.county)
    approved.refresh_from_db()
    rejected = application(areas, users, until="review", kind="fast_track", income="5000")
    services.transition(
        application=rejected, step="reject", data={"reasons": "人均收入高于低保标准"}, actor=users.county
    )
    rejected.refresh_from_db()
    panel = [
        services.panel_member_add(
            community=areas.haizhou, data={"name": name, "term_from": "2020-01-01"}, actor=users.haizhou
        )
        for name in ("赵评议", "钱评议")
    ]
    pending = application(areas, users, until="investigate")
    meeting = services.appraisal_record(
        community=areas.haizhou,
        held_on=days_ago(3),
        present=[p.pk for p in panel],
        minutes="一致同意",
        opinions=[{"application": pending.pk, "opinion": "agree", "votes_for": 2, "votes_against": 0}],
        actor=users.haizhou,
    )

    lowered = receiving(areas.haizhou, users.haizhou, income="100")
    risen = receiving(areas.haizhou, users.haizhou)
    absent = receiving(areas.haizhou, users.haizhou)
    cheated = receiving(areas.haizhou, users.haizhou)
    approved_run = payroll.run_draft(county=areas.county, month=datetime.date(2026, 1, 1), actor=users.county)
    for street in {line.street for line in approved_run.lines.select_related("street")}:
        payroll.run_check(run=approved_run, street=street, actor=users.county)
    approved_run = payroll.run_approve(run=approved_run, actor=users.county)
    for household, kind, amount in ((lowered, "other", "50"), (risen, "wage", "3000")):
        income_add(
            household=household.household,
            data={"kind": kind, "amount": amount, "month_from": "2026-02"},
            actor=users.haizhou,
        )
    reviews = {
        "lower": decided_review(lowered.household, users.haizhou, "lower"),
        "suspend": decided_review(
            absent.household, users.street, "suspend", stop_reason="absent", reason_text="长期不在本地居住"
        ),
        "terminate": decided_review(
            cheated.household,
            users.street,
            "terminate",
            stop_reason="false_statement",
            reason_text="隐瞒经营收入",
            overpaid_from="2026-01",
        ),
        "gradual_exit": review_approve(
            review=decided_review(
                risen.household, users.haizhou, "gradual_exit", stop_reason="employed", exit_months="3"
            ),
            actor=users.street,
        ),
    }
    draft = payroll.run_draft(county=areas.county, month=datetime.date(2026, 2, 1), actor=users.county)
    # The case file names who printed it: an officer's name, not a log-in name in Latin letters.
    users.county.full_name = "王科长"
    users.county.save()
    reminder = reminded(areas.haizhou, users.haizhou)
    return {
        "labour reminder": lambda: reminder_pdf(reminder, areas.county),
        "application form": lambda: printing.application_form(approved, viewer=users.county),
        "investigation record": lambda: printing.investigation_record(approved, viewer=users.county),
        "appraisal minutes": lambda: printing.appraisal_minutes(meeting),
        "notice poster": lambda: printing.notice_poster(approved.notices.get()),
        "approval form": lambda: printing.approval_form(approved, viewer=users.county),
        "approval notice": lambda: printing.decision_notice(approved, viewer=users.county),
        "rejection notice": lambda: printing.decision_notice(rejected, viewer=users.county),
        **{
            f"review notice ({outcome})": (lambda r=review: notice_pdf(Review.objects.get(pk=r.pk)))
            for outcome, review in reviews.items()
        },
        "draft roster": lambda: roster.community_roster_pdf(draft, areas.haizhou),
        "approved roster": lambda: roster.community_roster_pdf(approved_run, areas.haizhou),
        # The permanent file binds the forms above; its own pages are the contents, the materials
        # list, the reviews and the payment history.
        "case file": lambda: casefile_print(household=approved.household, actor=users.county).pdf,
        "case file (reviewed)": lambda: casefile_print(household=lowered.household, actor=users.county).pdf,
    }


@pytest.fixture
def rendered_templates() -> Iterator[set[str]]:
    names: set[str] = set()

    def note(sender, template, **kwargs) -> None:  # type: ignore[no-untyped-def]
        names.add(template.name)

    template_rendered.connect(note)
    yield names
    template_rendered.disconnect(note)


def test_every_printed_document_reads_in_words_in_both_languages(areas, users, tmp_path, rendered_templates):
    printed = documents(areas, users)
    texts = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            texts[language] = {name: pdf_text(make(), tmp_path) for name, make in printed.items()}
    assert PRINT_TEMPLATES - rendered_templates == set(), "a printed template this test does not print"

    chinese_words = {name: LATIN_WORD.findall(text) for name, text in texts["zh-hans"].items()}
    assert {name: words for name, words in chinese_words.items() if words} == {}
    english_words = {name: SNAKE_CASE.findall(text) for name, text in texts["en"].items()}
    assert {name: words for name, words in english_words.items() if words} == {}


def test_the_approval_form_names_its_steps_and_the_benefit_is_no_income(areas, users, tmp_path):
    printed = documents(areas, users)
    with translation.override("zh-hans"):
        form = pdf_text(printed["approval form"](), tmp_path)
        poster = pdf_text(printed["notice poster"](), tmp_path)
        for step in ("submit", "accept", "post_notice", "approve"):
            assert str(action_label(step)) in form
    assert "月保障金" in form and "月保障金" in poster
    assert "月收入" not in poster and "月收入金额" not in form
    assert "家庭人口" in form  # the count of members, not the list's heading
    with translation.override("en"):
        form = pdf_text(printed["approval form"](), tmp_path)
    assert "Post the public notice" in form and "Application created" in form
