"""The payroll pages: the runs of the county, a run with the figures of the user's area, and each
step by the role that may take it — draft, check, approve, bank file, results, close — with an
approved run fixed on every path, and a run page whose queries do not grow with its lines."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dibao.core.downloads import content_disposition
from dibao.core.models import AuditEntry, Job
from dibao.payroll import services
from dibao.payroll.models import Adjustment, Line, Run, RunState
from dibao.policy.services import standard_set
from tests.benefits.support import receiving
from tests.cases.page_support import needs_pdf
from tests.factories import UserFactory
from tests.jobs_support import content, job_of, page_download

pytestmark = pytest.mark.django_db

JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
LIST = reverse("payroll:run-list")
DRAFT = reverse("payroll:run-draft")
READERS = ["haizhou", "street", "county", "auditor"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def standards(areas):
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2025-01"}, actor=None
        )


@pytest.fixture
def households(areas, users):
    """Two households in 海州 and one in 海月 (星海湾 street), one in 柳背桥 (石桥铺 street)."""
    return {
        "haizhou": [receiving(areas.haizhou, users.haizhou), receiving(areas.haizhou, users.haizhou)],
        "haiyue": [receiving(areas.haiyue, users.street)],
        "liubeiqiao": [receiving(areas.liubeiqiao, users.liubeiqiao, members=1)],
    }


def english(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_user(login, user):  # type: ignore[no-untyped-def]
    return english(login(user))


def url(name: str, run: Run, *args: object) -> str:
    return reverse(f"payroll:{name}", args=[run.pk, *args])


def drafted(areas, users, month=JAN) -> Run:  # type: ignore[no-untyped-def]
    return services.run_draft(county=areas.county, month=month, actor=users.county)


def checked(areas, users, month=JAN) -> Run:  # type: ignore[no-untyped-def]
    run = drafted(areas, users, month)
    for street in (areas.xinghaiwan, areas.shiqiaopu):
        run = services.run_check(run=run, street=street, actor=users.county)
    return run


def approved(areas, users, month=JAN) -> Run:  # type: ignore[no-untyped-def]
    return services.run_approve(run=checked(areas, users, month), actor=users.county)


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def lines_of(run: Run) -> list[tuple]:
    return list(Line.objects.filter(run=run).values_list("id", "household_id", "total", "result"))


# The list


@pytest.mark.parametrize("role", READERS)
def test_every_reader_sees_the_runs_of_the_county(login, areas, users, households, role):
    drafted(areas, users)
    response = as_user(login, getattr(users, role)).get(LIST)
    assert response.status_code == 200
    assert "2026-01" in response.content.decode()
    assert 'href="/payroll/"' in response.content.decode()  # the menu's link


def test_administrators_and_visitors_do_not(client, login, users):
    assert client.get(LIST).status_code == 302  # to the log-in page
    assert as_user(login, users.admin).get(LIST).status_code == 403


def test_newest_month_first_with_the_figures_of_the_users_area(login, areas, users, households):
    drafted(areas, users, JAN)
    drafted(areas, users, FEB)
    page = as_user(login, users.county).get(LIST)
    rows = page.context["rows"]
    assert [run.month for run, _ in rows] == [FEB, JAN]
    assert [(f.households, f.persons, f.total) for _, f in rows] == [(4, 5, Decimal("1400.00"))] * 2
    street = as_user(login, users.street).get(LIST)
    assert [(f.households, f.total) for _, f in street.context["rows"]] == [(3, Decimal("780.00"))] * 2
    worker = as_user(login, users.liubeiqiao).get(LIST)
    assert [(f.households, f.total) for _, f in worker.context["rows"]] == [(1, Decimal("620.00"))] * 2


def test_only_the_county_has_the_draft_form(login, users):
    assert 'action="/payroll/draft/"' in as_user(login, users.county).get(LIST).content.decode()
    for role in ("haizhou", "street", "auditor"):
        page = as_user(login, getattr(users, role)).get(LIST).content.decode()
        assert 'action="/payroll/draft/"' not in page
        assert as_user(login, getattr(users, role)).post(DRAFT, {"month": "2026-01"}).status_code == 403
    assert not Run.objects.exists()


# Drafting


def test_the_county_drafts_a_month_and_drafts_it_again(login, areas, users, households):
    client = as_user(login, users.county)
    response = client.post(DRAFT, {"month": "2026-01"}, follow=True)
    run = Run.objects.get()
    assert response.redirect_chain[-1][0] == url("run-detail", run)
    assert (run.month, run.state, run.households, run.total) == (JAN, "draft", 4, Decimal("1400.00"))
    assert "is drafted: 4 households, 1400.00 yuan" in messages_of(response)[0]
    receiving(areas.haizhou, users.haizhou)
    again = client.post(DRAFT, {"month": "2026-01"}, follow=True)
    assert "drafted again" in messages_of(again)[0]
    assert Run.objects.get().households == 5 and Run.objects.count() == 1
    redraft = client.post(url("run-redraft", run), follow=True)
    assert "drafted again" in messages_of(redraft)[0]


def test_a_wrong_month_is_shown_beside_the_input(login, users):
    response = as_user(login, users.county).post(DRAFT, {"month": "2026-13"})
    assert response.status_code == 200
    assert "is not a month" in str(response.context["form"].errors["month"])
    assert not Run.objects.exists()


# The run page


def test_the_county_sees_every_street_and_community(login, areas, users, households):
    run = drafted(areas, users)
    response = as_user(login, users.county).get(url("run-detail", run))
    summary = response.context["summary"]
    assert (summary.whole.households, summary.whole.persons, summary.whole.total) == (
        4,
        5,
        Decimal("1400.00"),
    )
    assert (summary.whole.per_household, summary.whole.per_person) == (Decimal("350.00"), Decimal("280.00"))
    assert [(r.street.name, r.figures.households, r.figures.total) for r in summary.streets] == [
        (areas.xinghaiwan.name, 3, Decimal("780.00")),
        (areas.shiqiaopu.name, 1, Decimal("620.00")),
    ]
    assert [(r.community.name, r.figures.households) for r in summary.communities] == [
        (areas.haizhou.name, 2),
        (areas.haiyue.name, 1),
        (areas.liubeiqiao.name, 1),
    ]
    assert [(r.value, r.figures.households) for r in summary.urban_rural] == [("urban", 4)]
    assert sum(r.figures.total for r in summary.classes) == Decimal("1400.00")
    page = response.content.decode()
    assert "<svg" in page and "Amount by street" in page
    assert response.context["lines"].paginator.count == 4
    # the county checks for a street, drafts again and later approves: no street button
    assert "Check my street" not in page and page.count(f'action="/payroll/{run.pk}/check/"') == 2
    assert f'action="/payroll/{run.pk}/draft/"' in page


def test_a_street_sees_only_its_own_figures_and_lines(login, areas, users, households):
    run = drafted(areas, users)
    response = as_user(login, users.street).get(url("run-detail", run))
    summary = response.context["summary"]
    assert [r.street for r in summary.streets] == [areas.xinghaiwan]
    assert {r.community for r in summary.communities} == {areas.haizhou, areas.haiyue}
    assert (summary.whole.households, summary.whole.total) == (3, Decimal("780.00"))
    page = response.content.decode()
    assert areas.liubeiqiao.name not in page and areas.shiqiaopu.name not in page
    assert households["liubeiqiao"][0].household.number not in page
    assert "Check my street" in page
    assert "Approve" not in page and "/draft/" not in page


def test_a_community_sees_only_its_own(login, areas, users, households):
    run = drafted(areas, users)
    response = as_user(login, users.haizhou).get(url("run-detail", run))
    summary = response.context["summary"]
    assert [r.community for r in summary.communities] == [areas.haizhou]
    assert (summary.whole.households, summary.whole.total) == (2, Decimal("520.00"))
    assert response.context["lines"].paginator.count == 2
    assert summary.actions == []
    assert 'method="post"' not in response.content.decode().split("</header>")[1]


def test_a_run_of_another_county_is_not_found(login, areas, users, households):
    from dibao.areas.models import Area

    run = drafted(areas, users)
    other = Area.objects.create(code="210211", name="甘井子区", level="county", scope_prefix="210211")
    stranger = UserFactory.create(username="c_other", role="county", area=other)
    client = as_user(login, stranger)
    assert client.get(url("run-detail", run)).status_code == 404
    assert (
        client.post(url("run-approve", run), {"version": run.version, "confirmed": "on"}).status_code == 404
    )
    assert client.post(url("run-redraft", run)).status_code == 404


def test_lines_are_searched_by_household_number_or_head(login, areas, users, households):
    run = drafted(areas, users)
    client = as_user(login, users.county)
    target = households["haiyue"][0].household
    by_number = client.get(url("run-detail", run), {"q": target.number})
    assert [line.household_id for line in by_number.context["lines"]] == [target.pk]
    head = Line.objects.get(household=target).head_name
    by_name = client.get(url("run-detail", run), {"q": head[1:]})
    assert target.pk in [line.household_id for line in by_name.context["lines"]]
    nothing = client.get(url("run-detail", run), {"q": "不存在的人"})
    assert nothing.context["lines"].paginator.count == 0
    assert "No household matches." in nothing.content.decode()


def test_lines_come_a_hundred_to_a_page(login, areas, users):
    for _ in range(101):
        receiving(areas.haizhou, users.haizhou, income="")
    run = drafted(areas, users)
    client = as_user(login, users.county)
    first = client.get(url("run-detail", run))
    assert len(first.context["lines"]) == 100 and first.context["lines"].paginator.num_pages == 2
    second = client.get(url("run-detail", run), {"page": 2})
    assert len(second.context["lines"]) == 1


def test_id_numbers_and_accounts_are_masked_on_the_page(login, areas, users, households):
    run = drafted(areas, users)
    page = as_user(login, users.county).get(url("run-detail", run)).content.decode()
    line = Line.objects.filter(run=run).first()
    assert line is not None
    assert line.head_id_number not in page and line.head_id_number[-4:] in page
    assert line.bank_account not in page


# Steps


def test_a_street_checks_its_own_street_only(login, areas, users, households):
    run = drafted(areas, users)
    client = as_user(login, users.street)
    response = client.post(url("run-check", run), {"street": areas.xinghaiwan.pk}, follow=True)
    assert "checked" in messages_of(response)[0]
    assert set(run.checks.values_list("street_id", flat=True)) == {areas.xinghaiwan.pk}
    assert client.post(url("run-check", run), {"street": areas.shiqiaopu.pk}).status_code == 404
    assert (
        as_user(login, users.haizhou).post(url("run-check", run), {"street": areas.xinghaiwan.pk}).status_code
        == 403
    )
    assert (
        as_user(login, users.auditor).post(url("run-check", run), {"street": areas.xinghaiwan.pk}).status_code
        == 403
    )
    page = client.get(url("run-detail", run)).content.decode()
    assert "Check my street" not in page  # done
    run.refresh_from_db()
    assert run.state == RunState.DRAFT


def test_approval_names_the_version_seen(login, areas, users, households):
    run = checked(areas, users)
    client = as_user(login, users.county)
    page = client.get(url("run-detail", run))
    assert page.context["approve_form"].initial["version"] == run.version
    stale = client.post(url("run-approve", run), {"version": run.version - 1, "confirmed": "on"}, follow=True)
    assert "changed since you opened it" in messages_of(stale)[0]
    assert Run.objects.get().state == RunState.CHECKED
    for role in ("street", "haizhou", "auditor"):
        refused = as_user(login, getattr(users, role)).post(
            url("run-approve", run), {"version": run.version, "confirmed": "on"}
        )
        assert refused.status_code == 403
    client = as_user(login, users.county)  # the test client is one: log the county in again
    done = client.post(url("run-approve", run), {"version": run.version, "confirmed": "on"}, follow=True)
    assert "is approved" in messages_of(done)[0]
    assert Run.objects.get().state == RunState.APPROVED


def test_approval_before_every_street_has_checked_is_refused(login, areas, users, households):
    run = drafted(areas, users)
    response = as_user(login, users.county).post(
        url("run-approve", run), {"version": run.version, "confirmed": "on"}, follow=True
    )
    assert "Every street must check" in messages_of(response)[0]
    assert Run.objects.get().state == RunState.DRAFT


def test_an_approved_run_cannot_change_through_any_page(login, areas, users, households):
    run = approved(areas, users)
    receiving(areas.haizhou, users.haizhou)  # would be a new line
    before, audit = lines_of(run), AuditEntry.objects.count()
    client = as_user(login, users.county)
    again = client.post(DRAFT, {"month": "2026-01"})
    assert "can no longer be drafted again" in str(again.context["form"].errors)
    redraft = client.post(url("run-redraft", run), follow=True)
    assert "can no longer be drafted again" in messages_of(redraft)[0]
    check = as_user(login, users.street).post(
        url("run-check", run), {"street": areas.xinghaiwan.pk}, follow=True
    )
    assert "Only a draft is checked." in messages_of(check)[0]
    client = as_user(login, users.county)  # the test client is one: log the county in again
    approve = client.post(
        url("run-approve", run), {"version": Run.objects.get().version, "confirmed": "on"}, follow=True
    )
    assert messages_of(approve)  # already approved: refused
    close = client.post(url("run-close", run), follow=True)
    assert "cannot become" in messages_of(close)[0]
    assert lines_of(run) == before and AuditEntry.objects.count() == audit
    assert Run.objects.get().state == RunState.APPROVED
    page = client.get(url("run-detail", run)).content.decode()
    assert "/draft/" not in page.split("</header>")[1] and "Check my street" not in page


def test_buttons_follow_role_and_state(login, areas, users, households):
    run = drafted(areas, users)

    def actions(role):  # type: ignore[no-untyped-def]
        return as_user(login, getattr(users, role)).get(url("run-detail", run)).context["summary"].actions

    assert actions("county") == ["redraft", "check"]
    assert actions("street") == ["check"]
    assert actions("haizhou") == actions("auditor") == []
    run = services.run_check(run=run, street=areas.xinghaiwan, actor=users.street)
    assert actions("street") == [] and actions("county") == ["redraft", "check"]
    run = services.run_check(run=run, street=areas.shiqiaopu, actor=users.county)
    assert actions("county") == ["approve"]
    run = services.run_approve(run=run, actor=users.county)
    assert actions("county") == ["bank_file"] and actions("street") == []
    run = services.run_advance(run=run, to=RunState.EXPORTED, actor=users.county)
    assert actions("county") == ["bank_file", "results"]
    run = services.run_advance(run=run, to=RunState.PAID, actor=users.county)
    assert actions("county") == ["bank_file", "close"]
    run = services.run_advance(run=run, to=RunState.CLOSED, actor=users.county)
    assert actions("county") == ["bank_file"]


# Query counts


def _queries(client, path) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_run_page_is_a_bounded_number_of_queries(
    login, areas, users, households, django_assert_max_num_queries
):
    run = drafted(areas, users)
    for role in ("county", "street", "haizhou"):
        client = as_user(login, getattr(users, role))
        client.get(url("run-detail", run))  # the session, warmed
        # session, user, area, run, the programs (the filter's choices and the tables' names),
        # 4 aggregates (by community, by program, urban/rural, class), areas' names, checks,
        # 2 for lines
        with django_assert_max_num_queries(14):
            client.get(url("run-detail", run))
    client = as_user(login, users.county)
    client.get(LIST)
    with django_assert_max_num_queries(8):
        client.get(LIST)


def test_the_run_pages_queries_do_not_grow_with_its_lines(login, areas, users, households):
    client = as_user(login, users.county)
    run = drafted(areas, users)
    few = _queries(client, url("run-detail", run))
    few_list = _queries(client, LIST)
    for community in (areas.haizhou, areas.haiyue, areas.liubeiqiao):
        for _ in range(8):
            receiving(community, users.county, members=1)
    run = drafted(areas, users)
    assert run.households == 28
    assert _queries(client, url("run-detail", run)) == few
    assert _queries(client, LIST) == few_list


# Files and the whole flow


def results_file(run: Run, failed: frozenset[int] = frozenset(), amount_of=None) -> bytes:  # type: ignore[no-untyped-def]
    """The bank's answer for every line of the run: failed for the households named."""
    rows = ["身份证号,金额,结果,失败原因"]
    for line in Line.objects.filter(run=run).order_by("id"):
        ok = line.household_id not in failed
        amount = amount_of(line) if amount_of else line.total
        rows.append(f"{line.head_id_number},{amount},{'成功' if ok else '失败'},{'' if ok else '账户已销户'}")
    return "\n".join(rows).encode()


def upload(content: bytes, name: str = "results.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_from_draft_to_closed_through_the_pages(login, areas, users, households):
    shiqiaopu = UserFactory.create(username="s_shiqiaopu", role="street", area=areas.shiqiaopu)
    county = as_user(login, users.county)
    county.post(DRAFT, {"month": "2026-01"}, follow=True)
    run = Run.objects.get()
    for officer in (users.street, shiqiaopu):
        response = as_user(login, officer).post(
            url("run-check", run), {"street": officer.area_id}, follow=True
        )
        assert "checked" in messages_of(response)[0]
    run.refresh_from_db()
    assert run.state == RunState.CHECKED
    county = as_user(login, users.county)
    county.post(url("run-approve", run), {"version": run.version, "confirmed": "on"}, follow=True)
    run.refresh_from_db()
    assert run.state == RunState.APPROVED

    # The bank file is a job: its page counts the lines written, then offers the file.
    started = county.post(url("run-bank-file", run))
    job = job_of(started)
    assert (job.done, job.total) == (4, 4)
    exported = page_download(county, started)
    assert exported["Content-Type"] == XLSX
    assert "attachment" in exported["Content-Disposition"] and ".xlsx" in exported["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(content(exported))).active
    assert sheet is not None and sheet.max_row == 1 + 4
    assert sum(Decimal(str(row[4])) for row in sheet.iter_rows(min_row=2, values_only=True)) == run.total
    run.refresh_from_db()
    assert run.state == RunState.EXPORTED
    assert AuditEntry.objects.filter(note="bank file").count() == 1
    assert AuditEntry.objects.filter(note="job file downloaded", actor=users.county).count() == 1

    failed = households["liubeiqiao"][0].household_id
    paid = county.post(
        url("run-results", run), {"file": upload(results_file(run, frozenset({failed})))}, follow=True
    )
    assert "Paid: 3 households, 780.00 yuan; failed: 1 households, 620.00 yuan" in messages_of(paid)[0]
    run.refresh_from_db()
    assert run.state == RunState.PAID
    assert dict(Line.objects.filter(run=run).values_list("household_id", "result"))[failed] == "failed"
    assert Adjustment.objects.get(household_id=failed).amount == Decimal("620.00")
    page = paid.content.decode()
    assert "账户已销户" in page and "Close the run" in page

    closed = county.post(url("run-close", run), follow=True)
    assert "is closed" in messages_of(closed)[0]
    run.refresh_from_db()
    assert run.state == RunState.CLOSED
    again = county.post(url("run-bank-file", run))  # still downloadable; the state stays
    assert page_download(county, again).status_code == 200
    run.refresh_from_db()
    assert run.state == RunState.CLOSED


def test_the_bank_file_is_the_countys_and_only_of_an_approved_run(login, areas, users, households):
    run = drafted(areas, users)
    refused = as_user(login, users.county).post(url("run-bank-file", run), follow=True)
    assert "Only an approved run is sent to the bank." in messages_of(refused)[0]
    assert not Job.objects.exists()  # refused at once, no job
    for role in ("street", "haizhou", "auditor"):
        assert as_user(login, getattr(users, role)).post(url("run-bank-file", run)).status_code == 403
    assert as_user(login, users.county).get(url("run-bank-file", run)).status_code == 405


def test_the_page_says_not_to_save_the_bank_file_again_in_a_spreadsheet(login, areas, users, households):
    run = drafted(areas, users)
    county = as_user(login, users.county)
    assert "bank-file-note" not in county.get(url("run-detail", run)).content.decode()
    run = approved(areas, users)
    page = county.get(url("run-detail", run)).content.decode()
    assert "bank-file-note" in page and "2.10204196410257E+17" in page


def test_a_refused_results_file_shows_its_report_and_changes_nothing(login, areas, users, households):
    run = approved(areas, users)
    run = services.run_advance(run=run, to=RunState.EXPORTED, actor=users.county)
    before, audit = lines_of(run), AuditEntry.objects.count()
    client = as_user(login, users.county)
    wrong = results_file(run, amount_of=lambda line: line.total + 1)
    response = client.post(url("run-results", run), {"file": upload(wrong)})
    assert response.status_code == 200
    assert "The file was refused: 4 errors" in str(response.context["results_form"].errors["file"])
    page = response.content.decode()
    assert "Why the bank&#x27;s file was refused" in page or "Why the bank's file was refused" in page
    assert page.count("The run pays") == 4
    empty = client.post(url("run-results", run), {})
    assert "Choose the file" in str(empty.context["results_form"].errors["file"])
    assert lines_of(run) == before and AuditEntry.objects.count() == audit
    assert Run.objects.get().state == RunState.EXPORTED
    assert not Adjustment.objects.exists()
    for role in ("street", "auditor"):
        refused = as_user(login, getattr(users, role)).post(url("run-results", run), {"file": upload(wrong)})
        assert refused.status_code == 403


def test_results_of_a_run_not_at_the_bank_are_refused(login, areas, users, households):
    run = approved(areas, users)
    response = as_user(login, users.county).post(url("run-results", run), {"file": upload(results_file(run))})
    assert "sent to the bank" in str(response.context["results_form"].errors)
    assert Run.objects.get().state == RunState.APPROVED


def test_a_community_downloads_its_own_roster(login, areas, users, households):
    run = drafted(areas, users)
    client = as_user(login, users.haizhou)
    page = client.get(url("run-detail", run)).content.decode()
    xlsx_url = url("run-roster", run, areas.haizhou.pk, "xlsx")
    assert xlsx_url in page
    response = client.get(xlsx_url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == content_disposition("低保花名册-海州社区-2026年01月.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    numbers = {str(row[1]) for row in sheet.iter_rows(values_only=True)}
    assert {h.household.number for h in households["haizhou"]} <= numbers
    assert client.get(url("run-roster", run, areas.haiyue.pk, "xlsx")).status_code == 404
    assert client.get(url("run-roster", run, areas.haizhou.pk, "doc")).status_code == 404
    street = as_user(login, users.street)
    assert street.get(url("run-roster", run, areas.haiyue.pk, "xlsx")).status_code == 200
    assert street.get(url("run-roster", run, areas.liubeiqiao.pk, "xlsx")).status_code == 404


@needs_pdf
def test_the_roster_as_pdf(login, areas, users, households):
    run = drafted(areas, users)
    response = as_user(login, users.county).get(url("run-roster", run, areas.haizhou.pk, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
