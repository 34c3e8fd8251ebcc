"""The printed forms: real PDFs whose Chinese is text in an embedded CJK font, not boxes."""

import shutil
import subprocess

import pytest

from dibao.cases import printing, services
from dibao.cases.models import Notice
from dibao.cases.publicity import mask_given_name

from ..core.test_pdf import text_and_fonts
from .support import application, days_ago, standards

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed",
)


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def test_the_approval_form_prints_the_explanation_in_chinese(areas, users, tmp_path):
    app = application(areas, users, until="review")
    services.transition(application=app, step="approve", actor=users.county)
    app.refresh_from_db()
    text, fonts = text_and_fonts(printing.approval_form(app, viewer=users.county), tmp_path)
    assert "最低生活保障" in text and app.applicant_name in text
    assert "480.00" in text and "补差" in text
    assert "NotoSansCJK" in fonts.replace(" ", "").replace("-", "")
    # every font is embedded: the PDF prints the same on a machine without these fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())


def test_every_form_of_a_case_prints(areas, users, tmp_path):
    app = application(areas, users, until="review")
    services.transition(
        application=app, step="reject", data={"reasons": "人均收入高于低保标准"}, actor=users.county
    )
    app.refresh_from_db()
    for pdf, expected in (
        (printing.application_form(app, viewer=users.haizhou), app.household.address),
        (printing.investigation_record(app, viewer=users.haizhou), "张明"),
        (printing.decision_notice(app, viewer=users.haizhou), "人均收入高于低保标准"),
    ):
        text, _ = text_and_fonts(pdf, tmp_path)
        assert expected in text


def test_the_notice_poster_shows_only_what_the_rules_allow(areas, users, tmp_path):
    apps = [application(areas, users, until="investigate") for _ in range(17)]
    notice = services.notice_post(
        applications=apps, posted_on=days_ago(1), mask_given_names=True, actor=users.haizhou
    )
    text, _ = text_and_fonts(printing.notice_poster(notice), tmp_path)
    assert "480.00" in text and areas.haizhou.name in text
    head = apps[0].household.members.get(relation="self")
    assert mask_given_name(head.name) in text
    assert head.id_number not in text and apps[0].household.phone not in text
    assert apps[0].household.address not in text
    path = tmp_path / "poster.pdf"
    path.write_bytes(printing.notice_poster(notice))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Pages"].strip() == "2"  # ten a sheet
    assert fields["Page size"].strip().startswith("841.89 x 595.276")  # A4 landscape
    assert Notice.objects.count() == 1


def test_appraisal_minutes_print(areas, users, tmp_path):
    app = application(areas, users, until="investigate")
    panel = [
        services.panel_member_add(
            community=areas.haizhou, data={"name": n, "term_from": "2020-01-01"}, actor=users.haizhou
        )
        for n in ("赵评议", "钱评议")
    ]
    meeting = services.appraisal_record(
        community=areas.haizhou,
        held_on=days_ago(3),
        present=[p.pk for p in panel],
        minutes="一致同意纳入",
        opinions=[{"application": app.pk, "opinion": "agree", "votes_for": 2, "votes_against": 0}],
        actor=users.haizhou,
    )
    text, _ = text_and_fonts(printing.appraisal_minutes(meeting), tmp_path)
    assert "赵评议" in text and "一致同意纳入" in text


@pytest.mark.parametrize(
    ("name", "shown"), [("王明", "王*"), ("王小明", "王*明"), ("欧阳小明", "欧**明"), ("李", "李")]
)
def test_given_names_are_masked(name, shown):
    assert mask_given_name(name) == shown
