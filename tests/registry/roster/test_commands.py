"""`dibao import-roster` and `dibao export-roster`."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.core.models import AuditEntry
from dibao.registry.models import Household, Income, Member, RosterImport

from ...factories import bad_check_digit, id_number, make_household
from .files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
HAIZHOU = "210204001001"


def dibao(capsys, command, *args):
    """Run `dibao COMMAND ARGS…` as the entry point would (its hyphen-to-underscore mapping is
    tested in tests/config); return (exit status, stdout). Not through `main` itself: that closes
    the database connection, and with it the test's transaction on PostgreSQL."""
    try:
        call_command(command.replace("-", "_"), *args)
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    return status, capsys.readouterr().out


def roster(tmp_path, rows, name="roster.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, "gbk"))
    return path


def test_import_prints_one_json_document(areas, tmp_path, capsys):
    head, child = id_number(), id_number()
    path = roster(tmp_path, [row(head, "张三", head, 月收入="500"), row(head, "张小", child, "子女")])
    status, out = dibao(capsys, "import-roster", str(path), "--community", HAIZHOU, "--json")
    document = json.loads(out)
    assert status == 0
    assert (document["households"], document["members"], document["errors"]) == (1, 2, [])
    assert Member.objects.count() == 2 and Income.objects.count() == 1
    assert RosterImport.objects.get().actor is None  # the operator
    assert AuditEntry.objects.filter(action="import", actor=None, household_id__isnull=False).count() == 1


def test_a_dry_run_prints_counts_of_zero_and_writes_nothing(areas, tmp_path, capsys):
    head = id_number()
    path = roster(tmp_path, [row(head, "张三", head)], "名册.csv")
    status, out = dibao(capsys, "import-roster", str(path), "--community", HAIZHOU, "--dry-run", "--json")
    document = json.loads(out)
    assert status == 0 and document["dry_run"] is True and document["rows"] == 1
    assert (document["households"], document["members"], document["errors"]) == (0, 0, [])
    assert not Household.objects.exists()


def test_a_refused_file_exits_non_zero_with_its_errors(areas, tmp_path, capsys):
    head, other = id_number(), id_number()
    path = roster(tmp_path, [row(head, "张三", head), row(other, "李四", bad_check_digit(other))])
    status, out = dibao(
        capsys, "import-roster", str(path), "--community", HAIZHOU, "--json", "--language", "en"
    )
    document = json.loads(out)
    assert status == 1
    assert (document["households"], document["members"]) == (0, 0)
    error = next(e for e in document["errors"] if e["column"] == "身份证号")
    assert set(error) == {"row", "column", "value", "reason"}
    assert error["row"] == 3 and "check digit" in error["reason"]
    assert not Household.objects.exists()


def test_without_json_the_errors_are_lines(areas, tmp_path, capsys):
    other = id_number()
    path = roster(tmp_path, [row(other, "李四", bad_check_digit(other))])
    status, out = dibao(capsys, "import-roster", str(path), "--community", HAIZHOU)
    assert status == 1 and "row 2\t身份证号" in out


def test_as_a_user_their_area_applies(areas, users, tmp_path, capsys):
    head = id_number()
    path = roster(tmp_path, [row(head, "张三", head)])
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_roster", str(path), "--community", HAIZHOU, "--as", users.liubeiqiao.username)
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--community", HAIZHOU, "--as", users.auditor.username)
    assert not RosterImport.objects.exists()
    status, out = dibao(
        capsys, "import-roster", str(path), "--community", HAIZHOU, "--as", users.haizhou.username, "--json"
    )
    assert status == 0 and json.loads(out)["members"] == 1
    assert RosterImport.objects.get().actor == users.haizhou


def test_unknown_community_or_file_is_an_error(areas, tmp_path):
    head = id_number()
    path = roster(tmp_path, [row(head, "张三", head)])
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--community", "210204009999")  # no such area
    with pytest.raises(CommandError):
        call_command("import_roster", str(tmp_path / "none.xlsx"), "--community", HAIZHOU)


@pytest.mark.parametrize(
    ("name", "options"),
    [("hz.xlsx", []), ("hz.csv", []), ("hz.csv", ["--encoding", "gb18030"]), ("hz.dat", ["--format", "csv"])],
)
def test_export_then_import_into_an_empty_register(areas, users, tmp_path, capsys, name, options):
    household = make_household(areas.haizhou, users.haizhou, members=2)
    make_household(areas.liubeiqiao, users.liubeiqiao)  # another community: not exported
    before = sorted(Member.objects.filter(household=household).values_list("id_number", "name", "relation"))
    path = tmp_path / name
    status, out = dibao(capsys, "export-roster", "--area", HAIZHOU, "--out", str(path), *options)
    assert status == 0 and "3" in out
    if "gb18030" in options:
        path.read_bytes().decode("gb18030")
    Household.objects.filter(community=areas.haizhou).delete()
    imported = tmp_path / ("again.csv" if name.endswith((".csv", ".dat")) else "again.xlsx")
    imported.write_bytes(path.read_bytes())
    status, out = dibao(capsys, "import-roster", str(imported), "--community", HAIZHOU, "--json")
    assert status == 0, out
    after = sorted(
        Member.objects.filter(household__community=areas.haizhou).values_list("id_number", "name", "relation")
    )
    assert after == before
    assert Household.objects.get(community=areas.haizhou).number == household.number
    assert AuditEntry.objects.filter(action="export", actor=None).count() == 1


def test_export_of_an_unknown_area_is_an_error(areas, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_roster", "--area", "999999", "--out", str(tmp_path / "x.xlsx"))


def test_the_commands_answer_to_their_hyphenated_names(capsys):
    from dibao.config import cli

    for name in ("import-roster", "export-roster"):
        with pytest.raises(SystemExit) as exited:
            cli.main(["dibao", name, "--help"])
        assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--dry-run" in out and "--as" in out and "--encoding" in out
