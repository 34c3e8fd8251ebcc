import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from dibao.core.downloads import content_disposition
from dibao.core.models import AuditEntry, Job
from dibao.registry.models import Household, Member, RosterImport
from dibao.registry.roster import headers

from ...api_support import api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ...factories import bad_check_digit, id_number, make_household
from ...jobs_support import api_download, content, page_download
from .files import HEADERS, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
IMPORT = reverse("roster:import")
EXPORT = reverse("roster:export")


def upload(client, community, content, name="roster.xlsx", language="zh-hans", **data):
    """The upload, and — when it started the import's job — the job's page, which (the job having
    run at once under the tests' immediate backend) sends on to the import's result."""
    response = client.post(
        IMPORT,
        {"community": community.code, "file": SimpleUploadedFile(name, content), **data},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    if response.status_code == 302 and response["Location"].startswith("/jobs/"):
        return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)
    return response


def good_file():
    head, child = id_number(), id_number()
    return xlsx_bytes([row(head, "张三", head), row(head, "张小", child, "子女")])


def bad_file():
    head, other = id_number(), id_number()
    return csv_bytes([row(head, "张三", head), row(other, "李四", bad_check_digit(other))])


def test_the_form_offers_only_the_users_communities(areas, users, login):
    page = login(users.haizhou).get(IMPORT)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="210204001001"' in html and "210204002001" not in html
    street = login(users.street).get(IMPORT).content.decode()
    assert 'value="210204001001"' in street and 'value="210204001002"' in street
    assert "210204002001" not in street


def test_a_street_imports_its_own_export_each_household_into_its_community(areas, users, login):
    client = login(users.street)
    assert 'value="210204001000"' in client.get(IMPORT).content.decode()  # the street itself
    head = id_number()
    content = csv_bytes([[*row(head, "张三", head), "海月社区"]], headers=[*HEADERS, "社区"])
    response = upload(client, areas.xinghaiwan, content, name="street.csv")
    record = RosterImport.objects.get()
    assert response["Location"] == reverse("roster:result", args=[record.pk])
    assert (record.community, record.kind, record.households) == (areas.xinghaiwan, "roster", 1)
    assert Household.objects.get().community == areas.haiyue
    recent = client.get(IMPORT).content.decode()
    assert reverse("roster:result", args=[record.pk]) in recent  # a roster's result, not a recipients'


def test_readers_may_not_import_and_strangers_must_log_in(areas, users, login, client):
    assert client.get(IMPORT).status_code == 302
    assert login(users.auditor).get(IMPORT).status_code == 403
    assert upload(login(users.auditor), areas.haizhou, good_file()).status_code == 403
    assert not Household.objects.exists()


def test_an_import_shows_its_counts(areas, users, login):
    client = login(users.haizhou)
    response = upload(client, areas.haizhou, good_file())
    record = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("roster:result", args=[record.pk])
    page = client.get(response["Location"]).content.decode()
    assert record.outcome == "imported" and Member.objects.count() == 2
    assert ">1<" in page.replace(" ", "") and ">2<" in page.replace(" ", "")


def test_a_dry_run_writes_nothing(areas, users, login):
    client = login(users.haizhou)
    response = upload(client, areas.haizhou, good_file(), dry_run="on")
    assert response.status_code == 302
    record = RosterImport.objects.get()
    assert record.dry_run and record.outcome == "checked" and not Household.objects.exists()


def test_a_refused_file_shows_the_error_table_and_offers_the_report(areas, users, login):
    client = login(users.haizhou)
    # The reasons are kept in the language of the person who imported the file.
    response = upload(client, areas.haizhou, bad_file(), name="名册.csv", language="en")
    result = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    html = result.content.decode()
    assert "身份证号" in html and "check digit" in html and '<td class="num">3</td>' in html
    record = RosterImport.objects.get()
    assert reverse("roster:errors-xlsx", args=[record.pk]) in html
    assert reverse("roster:errors-json", args=[record.pk]) in html
    assert not Household.objects.exists()

    document = client.get(reverse("roster:errors-json", args=[record.pk])).json()
    assert document["households"] == 0 and document["errors"][0]["row"] == 3
    download = client.get(reverse("roster:errors-xlsx", args=[record.pk]))
    made = timezone.localtime(record.created_at)
    named = f"名册导入错误（{record.pk}）-{record.community.name}-{made:%Y}年{made:%m}月.xlsx"
    assert download["Content-Disposition"] == content_disposition(named)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(download.content))
    sheet = rows.get_sheet_by_index(0).to_python()
    assert len(sheet) == 2 and sheet[1][1] == "身份证号"


def test_another_communitys_import_is_not_found(areas, users, login):
    client = login(users.haizhou)
    upload(client, areas.haizhou, good_file())
    record = RosterImport.objects.get()
    other = login(users.liubeiqiao)
    for name in ("roster:result", "roster:errors-json", "roster:errors-xlsx"):
        assert other.get(reverse(name, args=[record.pk])).status_code == 404
    assert login(users.street).get(reverse("roster:result", args=[record.pk])).status_code == 200


def test_importing_into_another_community_is_not_found(areas, users, login):
    response = upload(login(users.haizhou), areas.liubeiqiao, good_file())
    assert response.status_code == 404
    assert not Household.objects.exists() and not RosterImport.objects.exists()


def test_a_wrong_kind_of_file_is_a_form_error(areas, users, login):
    response = upload(login(users.haizhou), areas.haizhou, b"%PDF-1.4", name="scan.pdf")
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_the_template_downloads(areas, users, login):
    response = login(users.auditor).get(reverse("roster:template"))
    assert response.status_code == 200
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.get_sheet_by_index(0).to_python()[0] == list(headers.CANONICAL.values())


def exported(client, response):
    """The export is a job: its page offers the file (tests run jobs at once)."""
    return content(page_download(client, response))


def test_export_xlsx_and_csv_of_what_the_user_sees(areas, users, login):
    mine = make_household(areas.haizhou, users.haizhou)
    make_household(areas.liubeiqiao, users.liubeiqiao)
    client = login(users.haizhou)
    xlsx = page_download(client, client.post(EXPORT, {"format": "xlsx"}))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content(xlsx))).get_sheet_by_index(0).to_python()
    assert len(rows) == 2 and rows[1][0] == mine.number
    csv = page_download(client, client.post(EXPORT, {"format": "csv"}))
    text = content(csv).decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv") and "柳背桥" not in text
    assert mine.members.get().id_number in text  # a community worker works with whole numbers
    # Each export's entry, written by its job, and each download of a file with people's data.
    exports = AuditEntry.objects.filter(action="export", actor=users.haizhou, note__startswith="{")
    assert exports.count() == 2 and json.loads(exports.first().note)["page"] == "export"
    downloads = AuditEntry.objects.filter(action="export", actor=users.haizhou, note="job file downloaded")
    assert downloads.count() == 2


def test_export_filters_are_the_list_pages(areas, users, login):
    make_household(areas.haizhou, users.haizhou, urban_rural="rural", head={"name": "王五"})
    make_household(areas.haiyue, users.street, head={"name": "赵六"})
    client = login(users.street)
    started = client.post(EXPORT, {"format": "csv", "area": areas.haiyue.code})
    text = exported(client, started).decode("utf-8-sig")
    assert "赵六" in text and "王五" not in text
    started = client.post(EXPORT, {"format": "csv", "q": "ww", "urban_rural": "rural"})
    text = exported(client, started).decode("utf-8-sig")
    assert "王五" in text and "赵六" not in text


def test_export_of_another_community_is_not_found(areas, users, login):
    make_household(areas.haizhou, users.haizhou)
    response = login(users.liubeiqiao).post(EXPORT, {"area": areas.haizhou.code})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()
    assert not Job.objects.exists()


def test_auditors_export_masked_id_numbers(areas, users, login):
    household = make_household(areas.haizhou, users.haizhou)
    client = login(users.auditor)
    text = exported(client, client.post(EXPORT, {"format": "csv"})).decode("utf-8-sig")
    number = household.members.get().id_number
    assert number not in text and number[:6] + "********" + number[14:] in text


def test_an_export_that_fails_keeps_no_file_and_no_entry(areas, users, login, media_root, monkeypatch):
    make_household(areas.haizhou, users.haizhou)

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        kwargs["keep"]()  # the file is saved, then its transaction fails
        raise RuntimeError("the audit trail is unreachable")

    monkeypatch.setattr("dibao.registry.roster.exporter.roster_export_record", broken)
    client = login(users.haizhou)
    client.post(EXPORT, {"format": "csv"})
    job = Job.objects.get(kind="roster-export")
    assert job.state == "failed" and not job.file
    assert list((media_root / "jobs").glob("*")) == []
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


# The same export over the API: a job too, whose file_url downloads the file.

EXPORT_API = "/api/v1/exports/roster/"


def test_the_api_exports_as_a_job(areas, users):
    mine = make_household(areas.haizhou, users.haizhou, head={"name": "王五"})
    make_household(areas.haiyue, users.street, head={"name": "赵六"})
    client = api_as(users.street)
    started = client.post(EXPORT_API, {"format": "csv", "area": areas.haizhou.code})
    text = content(api_download(client, started)).decode("utf-8-sig")
    assert "王五" in text and "赵六" not in text and mine.members.get().id_number in text
    job = Job.objects.get()
    assert (job.kind, job.done, job.total, job.area_code) == ("roster-export", 1, 1, areas.haizhou.code)
    xlsx = api_download(client, client.post(EXPORT_API, {}))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content(xlsx))).get_sheet_by_index(0).to_python()
    assert len(rows) == 3  # the header and both households' heads, the street's whole area
    # Another community's worker: neither the job nor its file, and not another area's export.
    other = api_as(users.liubeiqiao)
    assert other.get(started["Location"]).status_code == 404
    assert other.get(f"{started['Location']}file/").status_code == 404
    refused = other.post(EXPORT_API, {"area": areas.haizhou.code})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["area"]
    assert Job.objects.count() == 2
