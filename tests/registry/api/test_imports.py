"""The two roster imports over the API: `POST imports/roster/` and `POST imports/recipients/`."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from dibao.areas.models import Area, Level
from dibao.benefits.models import Entitlement
from dibao.benefits.recipients import report as recipients_report
from dibao.core.models import AuditEntry
from dibao.registry.models import Household, Member, RosterImport
from dibao.registry.roster import report
from tests.api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from tests.benefits.recipients.recipients_files import family, recipients_csv, recipients_xlsx, set_standards
from tests.factories import UserFactory, bad_check_digit, id_number
from tests.registry.roster.files import HEADERS, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
ROSTER = f"{API}/imports/roster/"
RECIPIENTS = f"{API}/imports/recipients/"


def post(user, url, content, name="roster.xlsx", language=None, **data):  # type: ignore[no-untyped-def]
    return api_as(user, language=language).post(
        url, {"file": SimpleUploadedFile(name, content), **data}, format="multipart"
    )


def job_outcome(user, response):  # type: ignore[no-untyped-def]
    """A roster import answers 202 with its job; the job, polled, has the import's document."""
    assert response.status_code == 202
    job = api_as(user).get(response["Location"]).json()
    assert (job["kind"], job["state"], job["url"]) == ("roster-import", "succeeded", response["Location"])
    return job["outcome"]


def imported(user, *args, **data):  # type: ignore[no-untyped-def]
    return job_outcome(user, post(user, ROSTER, *args, **data))["outcome"]


def good_roster() -> bytes:
    head, child = id_number(), id_number()
    return xlsx_bytes([row(head, "张三", head), row(head, "张小", child, "子女")])


def bad_roster() -> bytes:
    """Row 3 (the second household's head) has a wrong check digit in 身份证号."""
    head, other = id_number(), id_number()
    return csv_bytes([row(head, "张三", head), row(other, "李四", bad_check_digit(other))])


def good_recipients() -> bytes:
    _a, rows = family("海州社区", amount="520.50")
    _b, more = family("海月社区", cls="B类", amount="300")
    return recipients_xlsx(rows + more)


def nothing_written() -> bool:
    return not (
        Household.objects.exists()
        or Member.objects.exists()
        or Entitlement.objects.exists()
        or AuditEntry.objects.filter(household_id__isnull=False).exists()
    )


# The roster ------------------------------------------------------------------------------------


def test_a_roster_is_imported_and_answered_as_the_commands_json(areas, users):
    body = job_outcome(
        users.haizhou, post(users.haizhou, ROSTER, good_roster(), community=areas.haizhou.code)
    )
    record = RosterImport.objects.get()
    assert body == report.document(record)  # what `dibao import-roster --json` prints
    assert (body["outcome"], body["rows"], body["households"], body["members"]) == ("imported", 2, 1, 2)
    assert (body["community"], body["dry_run"], body["errors"]) == (areas.haizhou.code, False, [])
    assert Member.objects.filter(household__community=areas.haizhou).count() == 2
    # Audited as the page's import is: the file's record, and each household written, by the caller.
    assert AuditEntry.objects.get(object_type="registry.rosterimport", action="import").actor == users.haizhou
    assert AuditEntry.objects.filter(household_id=Household.objects.get().pk, actor=users.haizhou).exists()


def test_without_a_community_the_callers_own_area_whose_rows_then_name_their_community(areas, users):
    assert imported(users.haizhou, good_roster()) == "imported"
    # A street's own area: the head's row must say which of its communities (社区) the household is in.
    refused = job_outcome(users.street, post(users.street, ROSTER, good_roster(), language="en"))
    (error,) = refused["errors"]
    assert (error["row"], error["column"]) == (2, "社区") and "required" in error["reason"]
    assert imported(users.street, good_roster(), community=areas.haiyue.code) == "imported"
    assert Household.objects.filter(community=areas.haiyue).count() == 1
    head = id_number()
    named = xlsx_bytes([[*row(head, "王五", head), "海月"]], headers=[*HEADERS, "社区"])
    assert imported(users.street, named) == "imported"
    assert Household.objects.filter(community=areas.haiyue).count() == 2
    assert RosterImport.objects.filter(community=areas.xinghaiwan, kind="roster").count() == 2


def test_a_dry_run_checks_every_row_and_writes_nothing(areas, users):
    response = post(users.haizhou, ROSTER, good_roster(), community=areas.haizhou.code, dry_run="true")
    body = job_outcome(users.haizhou, response)
    assert (body["dry_run"], body["outcome"], body["rows"], body["households"]) == (True, "checked", 2, 0)
    assert nothing_written()
    assert RosterImport.objects.get().outcome == "checked"  # the page's history lists it too


def test_a_bad_row_is_refused_by_row_and_column_in_the_jobs_outcome_and_nothing_is_written(areas, users):
    response = post(users.haizhou, ROSTER, bad_roster(), "名册.csv", "en", community=areas.haizhou.code)
    body = job_outcome(users.haizhou, response)
    assert body["outcome"] == "refused"
    [error] = body["errors"]
    assert (error["row"], error["column"]) == (3, "身份证号") and "check digit" in error["reason"]
    assert body == report.document(RosterImport.objects.get())
    assert nothing_written()
    entry = AuditEntry.objects.get(object_type="registry.rosterimport")
    assert entry.after["outcome"] == "refused" and entry.actor == users.haizhou


def test_the_page_forms_checks_of_the_upload_apply(areas, users):
    response = post(users.haizhou, ROSTER, b"%PDF-1.4", "scan.pdf", "en", community=areas.haizhou.code)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["file"]
    assert ".xlsx" in response.json()["errors"]["file"][0]
    unknown = post(users.haizhou, ROSTER, good_roster(), community=areas.haizhou.code, force="yes")
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["force"]
    assert not RosterImport.objects.exists() and nothing_written()


def test_another_areas_community_is_refused_as_not_found(areas, users):
    # A code in a body outside the caller's area is a 400 on that field, as everywhere in the API.
    for user, community in ((users.haizhou, areas.liubeiqiao), (users.street, areas.liubeiqiao)):
        response = post(user, ROSTER, good_roster(), community=community.code)
        assert response.status_code == 400
        assert response.json()["code"] == "not_found" and list(response.json()["errors"]) == ["community"]
    assert post(users.haizhou, ROSTER, good_roster(), community=areas.xinghaiwan.code).status_code == 400
    assert not RosterImport.objects.exists() and nothing_written()


def test_roles_that_do_not_keep_the_register_may_not_import(areas, users):
    for user in (users.auditor, users.admin):
        response = post(user, ROSTER, good_roster(), community=areas.haizhou.code)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert post(None, ROSTER, good_roster(), community=areas.haizhou.code).status_code == 401
    assert not RosterImport.objects.exists() and nothing_written()


# The recipients ---------------------------------------------------------------------------------


def test_recipients_are_imported_and_answered_as_the_commands_json(areas, users):
    set_standards(areas)
    response = post(users.county, RECIPIENTS, good_recipients(), "名册.xlsx")
    assert response.status_code == 201
    body = response.json()
    record = RosterImport.objects.get()
    assert body == recipients_report.document(record, recipients_report.summary_of(record))
    assert (body["kind"], body["county"], body["area"], body["outcome"]) == (
        "recipients",
        "210204",
        "210204",
        "imported",
    )
    assert (body["households"], body["members"], body["entitlements"], body["monthly_total"]) == (
        2,
        4,
        2,
        "820.50",
    )
    assert body["assessed"] == 2 and body["errors"] == []
    assert Household.objects.filter(status="receiving").count() == 2
    assert sorted(Entitlement.objects.values_list("amount", flat=True)) == [300, 520.5]
    entries = AuditEntry.objects.filter(actor=users.county, household_id__isnull=False)
    assert entries.exists() and {e.note for e in entries} == {"migration: 名册.xlsx"}
    assert AuditEntry.objects.get(object_type="registry.rosterimport").actor == users.county


def test_the_same_document_as_dibao_import_recipients_json(areas, users, tmp_path, capsys):
    content = good_recipients()
    body = post(users.county, RECIPIENTS, content, "名册.xlsx", county="210204", dry_run="true").json()
    path = tmp_path / "名册.xlsx"
    path.write_bytes(content)
    call_command("import_recipients", str(path), "--county", "210204", "--dry-run", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert body["import"] != printed["import"]
    assert {**body, "import": None} == {**printed, "import": None}


def test_a_recipients_dry_run_writes_nothing(areas, users):
    response = post(users.street, RECIPIENTS, good_recipients(), dry_run="on")
    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["rows"], body["households"], body["entitlements"]) == ("checked", 4, 0, 0)
    assert body["area"] == areas.xinghaiwan.code
    assert nothing_written()


def test_a_bad_recipients_row_is_a_400_by_row_and_column(areas, users):
    _a, rows = family()
    _b, bad = family(amount="0", month="2026-13")
    response = post(users.county, RECIPIENTS, recipients_csv(rows + bad), "名册.csv", "en")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "refused"
    where = {(e["row"], e["column"]) for e in body["report"]["errors"]}
    assert where == {(4, "月保障金"), (4, "起始年月")}
    assert len(body["errors"]["file"]) == 2 and all(m.startswith("Row 4, ") for m in body["errors"]["file"])
    assert body["report"]["households"] == 0 and body["report"]["entitlements"] == 0
    assert nothing_written()


def test_a_street_imports_into_its_own_communities_only(areas, users):
    _a, theirs = family("柳背桥社区")  # 石桥铺街道's community
    response = post(users.street, RECIPIENTS, recipients_csv(theirs), "名册.csv", "en")
    assert response.status_code == 400
    [error] = response.json()["report"]["errors"]
    assert error["column"] == "社区" and "星海湾街道" in error["reason"]
    assert nothing_written()


def test_another_county_is_refused(areas, users):
    elsewhere = Area.objects.create(code="210203", name="西岗区", level=Level.COUNTY, scope_prefix="210203")
    response = post(users.county, RECIPIENTS, good_recipients(), county=elsewhere.code)
    assert response.status_code == 400
    assert response.json()["code"] == "not_found" and list(response.json()["errors"]) == ["county"]
    stranger = UserFactory.create(username="c_xigang", role="county", area=elsewhere)
    # Their own county is theirs; the rows naming 沙河口区's communities are not found in it.
    response = post(stranger, RECIPIENTS, good_recipients(), "名册.xlsx", "en")
    assert response.status_code == 400 and {e["column"] for e in response.json()["report"]["errors"]} == {
        "社区"
    }
    assert post(stranger, RECIPIENTS, good_recipients(), county="210204").status_code == 400
    assert nothing_written()


def test_roles_that_may_not_take_over_recipients_are_refused(areas, users):
    for user in (users.haizhou, users.auditor, users.admin):
        response = post(user, RECIPIENTS, good_recipients())
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not RosterImport.objects.exists() and nothing_written()


# The schema -------------------------------------------------------------------------------------


def test_both_are_in_the_schema_as_multipart_with_the_documents_fields(areas, users):
    schema = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    for path, output, answered in (
        ("/api/v1/imports/roster/", "JobOutput", "202"),  # a job, whose outcome is the document
        ("/api/v1/imports/recipients/", "RecipientImportOutput", "201"),
    ):
        operation = schema["paths"][path]["post"]
        assert list(operation["requestBody"]["content"]) == ["multipart/form-data"]
        assert {answered, "400"} <= set(operation["responses"])
        schema_ref = operation["responses"][answered]["content"]["application/json"]["schema"]["$ref"]
        assert schema_ref.endswith(output)
    assert "import" in components["RosterImportOutput"]["properties"]
    assert "import" in components["RecipientImportOutput"]["properties"]
    # The documented fields are the document's, no more, no less.
    post(users.haizhou, ROSTER, good_roster(), community=areas.haizhou.code)
    roster_keys = set(report.document(RosterImport.objects.get()))
    assert set(components["RosterImportOutput"]["properties"]) == roster_keys
    request = components["RosterImportInput"]
    assert set(request["properties"]) == {"file", "dry_run", "community"} and request["required"] == ["file"]
    assert request["properties"]["file"]["format"] == "binary"
    assert set(components["RecipientImportInput"]["properties"]) == {
        "file",
        "dry_run",
        "county",
        "month_from",
        "urban_rural",
        "program",
    }
    body = post(users.county, RECIPIENTS, good_recipients(), dry_run="true").json()
    assert set(components["RecipientImportOutput"]["properties"]) == set(body)
