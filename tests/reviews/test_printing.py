"""The notice to the household (告知书) of a lower, a suspension, a termination and a gradual exit:
a real PDF, read back as text, with what was decided, the amounts, the reasons and the appeal."""

import datetime
import shutil

import pytest

from dibao.benefits.models import StopReason
from dibao.core.errors import DomainError
from dibao.payroll import services as payroll
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from dibao.reviews.models import Review
from dibao.reviews.printing import notice_pdf
from dibao.reviews.services import review_approve, review_open, review_record
from tests.benefits.support import receiving
from tests.core.test_pdf import text_and_fonts

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed",
)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def decided(household, actor, outcome, on="2026-03-01", **more) -> Review:  # type: ignore[no-untyped-def]
    review = review_open(household=household, actor=actor)
    return review_record(review=review, actor=actor, data={"outcome": outcome, "effective_on": on, **more})


def read(review: Review, tmp_path) -> str:  # type: ignore[no-untyped-def]
    text, fonts = text_and_fonts(notice_pdf(Review.objects.get(pk=review.pk)), tmp_path)
    assert "NotoSansCJK" in fonts.replace(" ", "").replace("-", "")
    return " ".join(text.split())  # one line: the layout wraps long text


def test_a_suspension_notice_says_why_from_when_and_how_to_appeal(areas, users, tmp_path):
    e = receiving(areas.haizhou, users.haizhou, head={"name": "王秀英"})
    review = decided(
        e.household,
        users.street,
        "suspend",
        on="2026-04-01",
        stop_reason="absent",
        reason_text="长期不在本地居住",
    )
    text = read(review, tmp_path)
    assert e.household.number in text and "王秀英" in text and review.notice_number in text
    assert str(StopReason.ABSENT.label) in text and "长期不在本地居住" in text
    assert "2026-04-01" in text and "260.00" in text
    assert "2026-04" in text  # the last month paid (the rules pay the month of the stop in full)
    assert "行政复议" in text and "60" in text and "6" in text
    assert areas.xinghaiwan.name in text  # the street office's seal line


def test_a_lower_shows_the_amounts_before_and_after_and_the_assessment(areas, users, tmp_path):
    e = receiving(areas.haizhou, users.haizhou)
    income_add(
        household=e.household,
        data={"kind": "other", "amount": "50", "month_from": "2026-02"},
        actor=users.haizhou,
    )
    review = decided(e.household, users.haizhou, "lower")
    text = read(review, tmp_path)
    assert "260.00" in text and "210.00" in text and "2026-03" in text
    assert e.household.number in text


def test_a_false_statement_termination_shows_what_to_recover(areas, users, tmp_path):
    e = receiving(areas.haizhou, users.haizhou)
    for month in (datetime.date(2026, m, 1) for m in (1, 2)):
        run = payroll.run_draft(county=areas.county, month=month, actor=users.county)
        payroll.run_check(run=run, street=areas.xinghaiwan, actor=users.county)
        payroll.run_approve(run=run, actor=users.county)
    review = decided(
        e.household,
        users.street,
        "terminate",
        stop_reason="false_statement",
        reason_text="隐瞒经营收入",
        overpaid_from="2026-01",
    )
    text = read(review, tmp_path)
    assert "520.00" in text and "2026-01" in text
    assert str(StopReason.FALSE_STATEMENT.label) in text and "隐瞒经营收入" in text


def test_a_gradual_exit_shows_the_last_month_paid(areas, users, tmp_path):
    e = receiving(areas.haizhou, users.haizhou)
    income_add(
        household=e.household,
        data={"kind": "wage", "amount": "3000", "month_from": "2026-02"},
        actor=users.haizhou,
    )
    review = decided(e.household, users.haizhou, "gradual_exit", stop_reason="employed", exit_months="3")
    review = review_approve(review=review, actor=users.street)
    text = read(review, tmp_path)
    assert "2026-05" in text and "260.00" in text  # paid on in March, April and May
    assert str(StopReason.EMPLOYED.label) in text


def test_only_a_decided_review_with_a_notice_outcome_prints_one(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.haizhou)
    with pytest.raises(DomainError):
        notice_pdf(review)  # open
    proposed = review_record(
        review=review,
        actor=users.haizhou,
        data={"outcome": "suspend", "stop_reason": "absent", "reason_text": "不在本地"},
    )
    with pytest.raises(DomainError):
        notice_pdf(proposed)  # waiting for approval
    other = receiving(areas.haizhou, users.haizhou)
    with pytest.raises(DomainError) as refused:
        notice_pdf(decided(other.household, users.haizhou, "continue"))
    assert refused.value.code == "state"
