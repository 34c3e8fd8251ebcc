import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from dibao.areas.models import Area, Level
from dibao.benefits.models import Entitlement, Movement
from dibao.core.csvfile import OutsideGbk
from dibao.core.models import AuditEntry
from dibao.core.sheets.reader import read
from dibao.demo import county
from dibao.registry import selectors
from dibao.registry.models import Household, Income, Member, RosterImport
from dibao.registry.roster import headers
from dibao.registry.roster.exporter import export, template_xlsx
from dibao.registry.roster.importer import import_roster
from dibao.registry.selectors import HouseholdFilters, household_list

from ...factories import id_number, make_household

pytestmark = pytest.mark.django_db


def register(community):
    households = (
        Household.objects.filter(community=community)
        .order_by("number")
        .values_list("number", "address", "phone", "urban_rural", "bank_name", "bank_account")
    )
    members = Member.objects.filter(household__community=community).values_list(
        "household__number",
        "name",
        "id_number",
        "birth_date",
        "sex",
        "relation",
        "hukou",
        "disability_type",
        "disability_grade",
        "health",
        "labour_capacity",
        "employment",
    )
    # The roster carries one monthly income per member: the sum of the member's current ones.
    incomes: dict[str, Decimal] = defaultdict(Decimal)
    for number, amount in Income.objects.filter(household__community=community).values_list(
        "member__id_number", "amount"
    ):
        incomes[number] += amount
    return list(households), sorted(members, key=lambda m: m[2]), dict(incomes)


def wipe(community):
    Movement.objects.filter(household__community=community).delete()
    Entitlement.objects.filter(household__community=community).delete()
    Income.objects.filter(household__community=community).delete()
    Household.objects.filter(community=community).delete()


@pytest.mark.parametrize(
    ("fmt", "encoding"), [("xlsx", "utf-8-sig"), ("csv", "utf-8-sig"), ("csv", "gb18030")]
)
def test_an_export_imports_again_unchanged_into_an_empty_register(areas, users, fmt, encoding):
    county.build(households=40, seed=7, today=timezone.localdate())  # every kind of member
    haizhou = areas.haizhou
    before = register(haizhou)
    assert len(before[0]) >= 3 and before[2]
    out = io.BytesIO()
    filters = HouseholdFilters(area_code=haizhou.code)
    count = export(
        household_list(users.haizhou, filters),
        actor=users.haizhou,
        area=haizhou,
        fmt=fmt,
        out=out,
        description="test",
        encoding=encoding,
    )
    assert count == len(before[1])
    wipe(haizhou)
    result = import_roster(
        filename=f"export.{fmt}", content=out.getvalue(), area=haizhou, actor=users.haizhou
    )
    assert result.errors == []
    assert register(haizhou) == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_countys_export_imports_back_into_the_county_each_household_into_its_community(areas, users, fmt):
    county.build(households=40, seed=7, today=timezone.localdate())
    communities = list(Area.objects.filter(level=Level.COMMUNITY, code__startswith=areas.county.code))
    before = {c.code: register(c) for c in communities}
    assert sum(1 for b in before.values() if b[0]) >= 2  # households in more than one community
    out = io.BytesIO()
    export(
        household_list(users.county, HouseholdFilters()),
        actor=users.county,
        area=areas.county,
        fmt=fmt,
        out=out,
        description="test",
    )
    for community in communities:
        wipe(community)
    result = import_roster(
        filename=f"county.{fmt}", content=out.getvalue(), area=areas.county, actor=users.county
    )
    assert result.errors == []
    assert {c.code: register(c) for c in communities} == before
    assert RosterImport.objects.get().community == areas.county


def test_the_csv_keeps_its_digits_when_a_spreadsheet_opens_it(areas, users):
    # Digits only: a number ending in X is text to a spreadsheet already, and is written bare.
    number = next(n for n in iter(id_number, None) if n.isdigit())
    household = make_household(
        areas.haizhou,
        users.haizhou,
        head={"id_number": number},
        bank_name="中国农业银行",
        bank_account="0012345678901234567",
    )
    head = household.members.get(relation="self")
    out = io.BytesIO()
    export(
        Household.objects.all(), actor=users.haizhou, area=areas.haizhou, fmt="csv", out=out, description=""
    )
    text = out.getvalue().decode("utf-8-sig")
    assert f'"=""{head.id_number}"""' in text and '"=""0012345678901234567"""' in text
    assert household.number.isdigit() and f'"=""{household.number}"""' in text  # 14 digits


def test_a_gb18030_export_refuses_names_a_gbk_program_garbles_and_says_to_use_xlsx_or_utf8(areas, users):
    make_household(areas.haizhou, users.haizhou)
    make_household(areas.haizhou, users.haizhou, head={"name": "王䶮"})
    out = io.BytesIO()
    with translation.override("en"), pytest.raises(OutsideGbk) as caught:
        export(
            Household.objects.all(),
            actor=users.haizhou,
            area=areas.haizhou,
            fmt="csv",
            out=out,
            description="",
            encoding="gb18030",
        )
    assert "王䶮" in str(caught.value) and "xlsx" in str(caught.value)
    assert not AuditEntry.objects.filter(action="export").exists()  # refused: nothing was taken out
    out = io.BytesIO()
    export(
        Household.objects.all(), actor=users.haizhou, area=areas.haizhou, fmt="xlsx", out=out, description=""
    )
    assert "王䶮" in str(read("x.xlsx", out.getvalue()).rows)


def test_readers_get_masked_ids_and_the_export_is_one_audit_entry(areas, users):
    make_household(areas.haizhou, users.haizhou, members=1)
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
    for line in table.rows:
        assert "********" in line[1] and "********" in line[3]
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == users.auditor and entry.area_code == "210204"
    assert entry.after == {
        "format": "xlsx",
        "members": 2,
        "full_id_numbers": False,
        "full_bank_accounts": False,
    }


def test_registry_roles_get_whole_ids_and_canonical_headers(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    out = io.BytesIO()
    export(
        household_list(users.haizhou, HouseholdFilters()),
        actor=users.haizhou,
        area=areas.haizhou,
        fmt="csv",
        out=out,
        description="x",
    )
    assert out.getvalue().startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 only with its BOM
    table = read("x.csv", out.getvalue())
    assert table.headers == list(headers.CANONICAL.values())
    line = dict(zip(table.headers, table.rows[0], strict=True))
    head = household.members.get()
    assert line["户编号"] == household.number and line["身份证号"] == head.id_number
    assert (line["与户主关系"], line["城乡类别"], line["社区"]) == ("本人", "城市", "海州社区")


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


def test_the_export_follows_the_list_filters(areas, users):
    make_household(areas.haizhou, users.haizhou, urban_rural="rural", head={"name": "王五"})
    make_household(areas.haizhou, users.haizhou, head={"name": "赵六"})
    out = io.BytesIO()
    filters = HouseholdFilters(query="ww", urban_rural="rural")
    export(
        household_list(users.county, filters),
        actor=users.county,
        area=areas.county,
        fmt="csv",
        out=out,
        description="x",
    )
    rows = read("x.csv", out.getvalue()).rows
    assert [r[2] for r in rows] == ["王五"]


def test_the_export_costs_a_fixed_number_of_queries(areas, users):
    for _ in range(15):
        make_household(areas.haizhou, users.haizhou, members=2)
    with CaptureQueriesContext(connection) as queries:
        export(
            household_list(users.haizhou, HouseholdFilters()),
            actor=users.haizhou,
            area=areas.haizhou,
            fmt="xlsx",
            out=io.BytesIO(),
            description="x",
        )
    # heads, members with their income, the audit entry with the chain's head (locked, then moved),
    # and savepoints
    assert len(queries) <= 8


def test_the_template_has_the_headers_an_example_and_the_allowed_words(areas, users):
    content = template_xlsx()
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert workbook.sheet_names == [translation.gettext("Roster"), translation.gettext("How to fill in")]
    rows = workbook.get_sheet_by_index(0).to_python()
    assert rows[0] == list(headers.CANONICAL.values())
    notes = "\n".join(" ".join(map(str, r)) for r in workbook.get_sheet_by_index(1).to_python())
    for word in ("本人", "孙子女", "非农业", "言语", "一级", "慢性病", "丧失", "灵活就业", "退休"):
        assert word in notes
    result = import_roster(
        filename="template.xlsx", content=content, area=areas.haizhou, actor=users.haizhou, dry_run=True
    )
    assert result.errors == []


def test_the_export_writes_every_household_past_the_list_pages_bound(areas, users, monkeypatch):
    """The list page stops at `selectors.LIST_BOUND`; the export of the same filters does not."""
    monkeypatch.setattr(selectors, "LIST_BOUND", 3)
    for _ in range(5):
        make_household(areas.haizhou, users.haizhou, head={"name": "王五"})
    for query in ("ww", ""):
        out = io.BytesIO()
        households = household_list(users.haizhou, HouseholdFilters(query=query))
        export(households, actor=users.haizhou, area=areas.haizhou, fmt="csv", out=out, description="x")
        assert [r[2] for r in read("x.csv", out.getvalue()).rows] == ["王五"] * 5, query
