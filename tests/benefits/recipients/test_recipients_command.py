"""`dibao import-recipients`."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.benefits.models import Entitlement
from dibao.core.models import AuditEntry
from dibao.registry.models import Household, RosterImport
from tests.registry.roster.test_commands import dibao

from .recipients_files import family, recipients_csv, recipients_xlsx, set_standards

pytestmark = pytest.mark.django_db
COUNTY = "210204"


def roster(tmp_path, rows, name="名册.xlsx"):
    path = tmp_path / name
    path.write_bytes(recipients_xlsx(rows) if name.endswith(".xlsx") else recipients_csv(rows, "gbk"))
    return path


def test_import_prints_one_json_document(areas, tmp_path, capsys):
    set_standards(areas)
    _a, rows = family(amount="410")
    _b, more = family("柳背桥社区", cls="三类", amount="1,000.05", month="2025年12月")
    path = roster(tmp_path, rows + more)
    status, out = dibao(capsys, "import-recipients", str(path), "--county", COUNTY, "--json")
    document = json.loads(out)
    assert status == 0
    assert (document["households"], document["members"], document["entitlements"]) == (2, 4, 2)
    assert (document["monthly_total"], document["assessed"], document["errors"]) == ("1410.05", 2, [])
    assert (document["county"], document["kind"], document["outcome"]) == (COUNTY, "recipients", "imported")
    assert Household.objects.filter(status="receiving").count() == 2
    assert RosterImport.objects.get().actor is None  # the operator
    entries = AuditEntry.objects.filter(actor=None, household_id__isnull=False)
    assert entries.count() == 4 and {e.note for e in entries} == {"migration: 名册.xlsx"}


def test_a_gbk_csv_and_a_plain_summary(areas, tmp_path, capsys):
    _a, rows = family(amount="300")
    path = roster(tmp_path, rows, "名册.csv")
    status, out = dibao(capsys, "import-recipients", str(path), "--county", COUNTY)
    assert status == 0 and "1 households receiving" in out and "300.00 yuan a month" in out
    assert Entitlement.objects.get().amount == 300


def test_a_dry_run_writes_nothing(areas, tmp_path, capsys):
    _a, rows = family()
    path = roster(tmp_path, rows)
    status, out = dibao(capsys, "import-recipients", str(path), "--county", COUNTY, "--dry-run", "--json")
    document = json.loads(out)
    assert status == 0 and document["dry_run"] is True and document["rows"] == 2
    assert (document["households"], document["entitlements"], document["errors"]) == (0, 0, [])
    assert not Household.objects.exists() and not Entitlement.objects.exists()


def test_a_refused_file_exits_non_zero_with_its_errors(areas, tmp_path, capsys):
    _a, rows = family(community="不存在社区", amount="abc")
    path = roster(tmp_path, rows)
    status, out = dibao(
        capsys, "import-recipients", str(path), "--county", COUNTY, "--json", "--language", "en"
    )
    document = json.loads(out)
    assert status == 1 and document["households"] == 0
    errors = {e["column"]: e for e in document["errors"]}
    assert set(errors) == {"社区", "月保障金"} and all(e["row"] == 2 for e in errors.values())
    assert set(errors["社区"]) == {"row", "column", "value", "reason"}
    assert errors["社区"]["value"] == "不存在社区" and "No community" in errors["社区"]["reason"]
    assert not Household.objects.exists()
    status, out = dibao(capsys, "import-recipients", str(path), "--county", COUNTY)
    assert status == 1 and "row 2\t社区\t不存在社区\t" in out and "月保障金" in out


def test_as_a_user_their_area_applies(areas, users, tmp_path, capsys):
    _a, rows = family("海月社区")
    path = roster(tmp_path, rows)
    for user in (users.haizhou, users.auditor):
        with pytest.raises(CommandError, match="may not import recipients"):
            call_command("import_recipients", str(path), "--county", COUNTY, "--as", user.username)
    assert not RosterImport.objects.exists()
    status, out = dibao(
        capsys, "import-recipients", str(path), "--county", COUNTY, "--as", users.street.username, "--json"
    )
    assert status == 0 and json.loads(out)["area"] == "210204001000"
    assert RosterImport.objects.get().actor == users.street


def test_unknown_county_user_or_file_is_an_error(areas, users, tmp_path):
    _a, rows = family()
    path = roster(tmp_path, rows)
    with pytest.raises(CommandError, match="No county"):
        call_command("import_recipients", str(path), "--county", "210204001000")  # a street
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_recipients", str(path), "--county", COUNTY, "--as", "nobody")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_recipients", str(tmp_path / "none.xlsx"), "--county", COUNTY)


def test_the_command_answers_to_its_hyphenated_name(capsys):
    from dibao.config import cli

    with pytest.raises(SystemExit) as exited:
        cli.main(["dibao", "import-recipients", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--county" in out and "--dry-run" in out and "--as" in out and "--language" in out
