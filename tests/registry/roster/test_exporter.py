import io
import json

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from dibao.core.models import AuditEntry
from dibao.registry.models import Household, Income, Member
from dibao.registry.roster.exporter import export, template_xlsx
from dibao.registry.roster.importer import import_roster
from dibao.registry.roster.reader import read
from dibao.registry.selectors import HouseholdFilters, household_list

from ...factories import make_household

pytestmark = pytest.mark.django_db


def snapshot():
    members = Member.objects.order_by("id_number").values_list(
        "household__number",
        "name",
        "id_number",
        "relation",
        "hukou",
        "disability_type",
        "disability_grade",
        "health",
        "labour_capacity",
        "employment",
        "household__address",
        "household__bank_account",
    )
    incomes = Income.objects.order_by("member__id_number").values_list("member__id_number", "amount")
    return list(members), list(incomes)


@pytest.mark.parametrize(
    ("fmt", "encoding"), [("xlsx", "utf-8-sig"), ("csv", "utf-8-sig"), ("csv", "gb18030")]
)
def test_an_export_imports_again_unchanged(areas, users, fmt, encoding):
    from dibao.registry import services

    for i in range(3):
        household = make_household(areas.haizhou, users.haizhou, members=i)
        services.income_add(
            household=household,
            actor=users.haizhou,
            data={
                "kind": "wage",
                "amount": "850.5",
                "member": household.members.first().pk,
                "month_from": "2020-01",
            },
        )
    before = snapshot()
    out = io.BytesIO()
    count = export(
        household_list(users.haizhou, HouseholdFilters()),
        actor=users.haizhou,
        area=areas.haizhou,
        fmt=fmt,
        out=out,
        description="test",
        encoding=encoding,
    )
    assert count == Member.objects.count() == 6
    Income.objects.all().delete()
    Member.objects.all().delete()
    Household.objects.all().delete()
    result = import_roster(
        filename=f"export.{fmt}", content=out.getvalue(), community=areas.haizhou, actor=users.haizhou
    )
    assert result.errors == []
    members, incomes = snapshot()
    assert members == before[0]
    assert [(i, str(a)) for i, a in incomes] == [(i, "850.50") for i, _a in before[1]]


def test_readers_get_masked_ids_and_the_export_is_audited(areas, users):
    make_household(areas.haizhou, users.haizhou)
    out = io.BytesIO()
    export(
        household_list(users.auditor, HouseholdFilters()),
        actor=users.auditor,
        area=areas.county,
        fmt="xlsx",
        out=out,
        description="audit",
    )
    table = read("x.xlsx", out.getvalue())
    assert "********" in table.rows[0][3]
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == users.auditor and entry.after["full_id_numbers"] is False


def test_a_community_worker_exports_only_their_community(areas, users):
    make_household(areas.haizhou, users.haizhou)
    make_household(areas.liubeiqiao, users.liubeiqiao)
    out = io.BytesIO()
    export(
        household_list(users.liubeiqiao, HouseholdFilters()),
        actor=users.liubeiqiao,
        area=areas.liubeiqiao,
        fmt="csv",
        out=out,
        description="x",
    )
    lines = out.getvalue().decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and "柳背桥社区" in lines[1]


def test_template_has_the_headers_and_a_valid_example(areas, users):
    content = template_xlsx()
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert workbook.sheet_names == ["花名册", "填写说明"]
    result = import_roster(
        filename="template.xlsx", content=content, community=areas.haizhou, actor=users.haizhou, dry_run=True
    )
    assert result.errors == []


def test_commands_import_and_export(areas, users, tmp_path, capsys):
    make_household(areas.haizhou, users.haizhou, members=1)
    path = tmp_path / "hz.xlsx"
    call_command("export_roster", "--area", "210204001001", "--out", str(path))
    assert "2 members" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:  # the same people are still registered
        call_command("import_roster", str(path), "--community", "210204001001", "--json", "--language", "en")
    assert refused.value.code == 1
    document = json.loads(capsys.readouterr().out)
    assert document["households"] == 0 and document["members"] == 0
    assert document["errors"][0]["column"] == "身份证号" and "household" in document["errors"][0]["reason"]
    Member.objects.all().delete()
    Household.objects.all().delete()
    call_command("import_roster", str(path), "--community", "210204001001", "--json", "--dry-run")
    assert json.loads(capsys.readouterr().out)["households"] == 0
    call_command("import_roster", str(path), "--community", "210204001001", "--json")
    assert json.loads(capsys.readouterr().out)["members"] == 2
