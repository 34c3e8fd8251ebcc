"""The recipients page: upload, the error report, the result."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from dibao.benefits.models import Entitlement
from dibao.benefits.recipients.importer import import_recipients
from dibao.registry.models import Household, RosterImport

from .recipients_files import family, recipients_csv, recipients_xlsx, set_standards

pytestmark = pytest.mark.django_db
PAGE = reverse("recipients:upload")


def upload(client, content, name="名册.xlsx", language="zh-hans", **data):
    return client.post(
        PAGE, {"file": SimpleUploadedFile(name, content), **data}, HTTP_ACCEPT_LANGUAGE=language
    )


def good_file(community="海州社区"):
    _a, rows = family(community, amount="520.50")
    _b, more = family("海月社区", cls="B类", amount="300")
    return recipients_xlsx(rows + more)


def test_county_and_street_officers_may_open_it_no_one_else(areas, users, login, client):
    assert client.get(PAGE).status_code == 302
    for user in (users.county, users.street):
        page = login(user).get(PAGE)
        assert page.status_code == 200 and 'name="file"' in page.content.decode()
    for user in (users.haizhou, users.auditor, users.admin):
        assert login(user).get(PAGE).status_code == 403
    assert upload(login(users.haizhou), good_file()).status_code == 403
    assert not Household.objects.exists() and not RosterImport.objects.exists()


def test_the_roster_page_links_to_it_for_those_who_may(areas, users, login):
    assert PAGE in login(users.county).get(reverse("roster:import")).content.decode()
    assert PAGE not in login(users.haizhou).get(reverse("roster:import")).content.decode()


def test_an_import_shows_what_was_granted(areas, users, login):
    set_standards(areas)
    client = login(users.county)
    response = upload(client, good_file())
    record = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("recipients:result", args=[record.pk])
    html = client.get(response["Location"]).content.decode()
    assert record.outcome == "imported" and Household.objects.filter(status="receiving").count() == 2
    assert sorted(Entitlement.objects.values_list("amount", flat=True)) == [300, 520.5]
    assert "820.50" in html and "沙河口区" in html  # the monthly total, the county
    assert reverse("recipients:json", args=[record.pk]) in html
    document = client.get(reverse("recipients:json", args=[record.pk])).json()
    assert (document["households"], document["entitlements"], document["monthly_total"]) == (2, 2, "820.50")
    assert document["assessed"] == 2 and document["errors"] == []
    # Listed on both pages, each linking to this result.
    for page in (PAGE, reverse("roster:import")):
        assert response["Location"] in client.get(page).content.decode()


def test_a_dry_run_writes_nothing(areas, users, login):
    client = login(users.county)
    response = upload(client, good_file(), dry_run="on")
    assert response.status_code == 302
    record = RosterImport.objects.get()
    assert record.dry_run and record.outcome == "checked"
    assert not Household.objects.exists() and not Entitlement.objects.exists()
    assert client.get(response["Location"]).status_code == 200


def test_a_refused_file_shows_the_error_table_and_offers_the_report(areas, users, login):
    _a, rows = family()
    _b, bad = family(amount="0", month="2026-13")
    client = login(users.county)
    response = upload(client, recipients_csv(rows + bad), name="名册.csv", language="en")
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "月保障金" in html and "起始年月" in html and "more than 0" in html
    assert '<td class="num">4</td>' in html  # the row
    record = RosterImport.objects.get()
    assert record.outcome == "refused" and record.error_count == 2
    assert reverse("roster:errors-xlsx", args=[record.pk]) in html
    assert not Household.objects.exists() and not Entitlement.objects.exists()

    document = client.get(reverse("recipients:json", args=[record.pk])).json()
    assert document["households"] == 0 and {e["column"] for e in document["errors"]} == {
        "月保障金",
        "起始年月",
    }
    download = client.get(reverse("roster:errors-xlsx", args=[record.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(download)))  # streamed or not
    assert [line[1] for line in sheet.get_sheet_by_index(0).to_python()[1:]] == ["月保障金", "起始年月"]


def test_a_street_officer_imports_into_its_communities_only(areas, users, login):
    client = login(users.street)
    upload(client, good_file("柳背桥社区"), language="en")  # 石桥铺街道's community
    record = RosterImport.objects.get()
    assert record.outcome == "refused" and record.community == areas.xinghaiwan
    assert record.errors[0]["column"] == "社区" and "星海湾街道" in record.errors[0]["reason"]
    upload(client, good_file())
    assert Household.objects.count() == 2


def test_results_are_seen_within_the_users_area(areas, users, login):
    upload(login(users.street), good_file())
    record = RosterImport.objects.get()
    for user in (users.street, users.county, users.auditor):
        assert login(user).get(reverse("recipients:result", args=[record.pk])).status_code == 200
    for user in (users.haizhou, users.liubeiqiao):
        client = login(user)
        assert client.get(reverse("recipients:result", args=[record.pk])).status_code == 404
        assert client.get(reverse("recipients:json", args=[record.pk])).status_code == 404


def test_a_community_import_is_not_a_recipients_import(areas, users, login):
    from tests.registry.roster.files import row, xlsx_bytes
    from tests.registry.roster.test_views import upload as roster_upload

    roster_upload(login(users.haizhou), areas.haizhou, xlsx_bytes([row("210204197001010011", "张三", "x")]))
    record = RosterImport.objects.get()
    assert login(users.county).get(reverse("recipients:result", args=[record.pk])).status_code == 404


def test_a_wrong_kind_of_file_is_a_form_error(areas, users, login):
    response = upload(login(users.county), b"%PDF-1.4", name="scan.pdf")
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_the_template_imports_as_it_is(areas, users, login):
    response = login(users.county).get(reverse("recipients:template"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    header = workbook.get_sheet_by_index(0).to_python()[0]
    assert header[-4:] == ["社区", "保障类别", "月保障金", "起始年月"]
    guide = {line[0]: line[1] for line in workbook.get_sheet_by_index(1).to_python()}
    assert "A类" in guide["保障类别"] and "一类" in guide["保障类别"] and "12" in guide["社区"]
    result = import_recipients(filename="t.xlsx", content=content, county=areas.county, actor=users.county)
    assert result.errors == [] and (result.households, result.members) == (1, 2)
    assert login(users.haizhou).get(reverse("recipients:template")).status_code == 403
