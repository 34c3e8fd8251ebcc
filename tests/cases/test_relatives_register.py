"""The county's register of staff and cadres (近亲属备案): imported from xlsx or CSV (any office
encoding, column synonyms, all or nothing with errors by row and column), matched by ID number
against every receiving household and application under way, filed with the reason, marked on the
case and the household, listed beside the manual filings in a report (page, xlsx, API); re-imports
update and re-match; a submitted application is checked too."""

import io
import json

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from dibao.cases import services
from dibao.cases.models import SELF, Application, CaseEvent, CloseRelative, RelativeFiling, Staff
from dibao.cases.services.register import RegisterRefused, register_import, register_match
from dibao.core.errors import Forbidden, NotFound
from dibao.core.models import AuditEntry, Job
from tests.benefits.support import receiving
from tests.factories import bad_check_digit, id_number, make_household

from ..api_support import API, api_as
from ..jobs_support import job_of
from .support import application, standards

HEADER = "姓名,身份证号,职务,工作区域,类别,亲属姓名,亲属身份证号,关系"


@pytest.fixture(autouse=True)
def _standards(areas):
    standards(areas)


def csv_file(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *rows]).encode(encoding)


def head_of(household):
    return household.members.order_by("id").first()


@pytest.fixture
def world(areas, users):
    """A household receiving dibao whose head is a cadre's mother, an application under way whose
    head is a staff member himself, and a household that receives nothing with a declared relative."""
    received = receiving(areas.haizhou, users.haizhou).household
    applying = application(areas, users, until="submit")
    idle = make_household(areas.liubeiqiao, users.liubeiqiao)
    return received, applying, idle


def register_rows(received, applying, idle, staff_one=None, staff_two=None):
    staff_one = staff_one or id_number()
    staff_two = staff_two or id_number()
    return [
        f"王村官,{staff_one},社区主任,210204001001,社区干部,{head_of(received).name},"
        f"{head_of(received).id_number},母亲",
        f"王村官,{staff_one},社区主任,210204001001,社区干部,{head_of(idle).name},{head_of(idle).id_number},配偶",
        f"{head_of(applying.household).name},{head_of(applying.household).id_number},低保专干,星海湾街道,工作人员,,,",
        f"李专干,{staff_two},低保专干,210204002000,工作人员,,,",
    ]


# ---- the import and the matching ---------------------------------------------------------------


def test_a_gbk_file_is_imported_and_each_member_found_is_filed_with_why(world, areas, users):
    received, applying, idle = world
    rows = register_rows(received, applying, idle)
    result = register_import(
        county=areas.county,
        filename="近亲属.csv",
        content=csv_file(*rows, encoding="gbk"),
        actor=users.county,
    )
    assert (result.staff, result.relatives, result.added) == (3, 2, 3)
    assert (result.matched.filed, result.matched.applications) == (2, 1)

    mother = RelativeFiling.objects.get(household=received)
    assert (mother.staff_name, mother.staff_post, mother.relation) == ("王村官", "社区主任", "parent")
    assert mother.application is None and mother.person_name == head_of(received).name
    himself = RelativeFiling.objects.get(application=applying)
    assert himself.relation == SELF and himself.staff_kind == "staff"
    # The idle household holds no program and applies for nothing: not filed.
    assert not RelativeFiling.objects.filter(household=idle).exists()

    applying.refresh_from_db()
    assert applying.close_relative  # the county decides it
    event = CaseEvent.objects.get(application=applying, action="close_relative")
    assert event.data["relative_filings"] == [himself.pk]
    filed = AuditEntry.objects.filter(object_type="cases.relativefiling", action="create")
    assert filed.count() == 2
    assert AuditEntry.objects.filter(object_type="cases.staff", action="create").count() == 3


def test_matching_again_files_nothing_twice(world, areas, users):
    rows = register_rows(*world)
    register_import(county=areas.county, filename="r.csv", content=csv_file(*rows), actor=users.county)
    again = register_match(county=areas.county, actor=None)
    assert (again.filed, again.lapsed, again.applications) == (0, 0, 0)
    assert RelativeFiling.objects.count() == 2


def test_a_re_import_updates_the_register_and_lapses_what_left_it(world, areas, users):
    received, applying, idle = world
    one, two = id_number(), id_number()
    rows = register_rows(received, applying, idle, one, two)
    register_import(county=areas.county, filename="r.csv", content=csv_file(*rows), actor=users.county)
    # The cadre no longer declares the mother; the other staff member has left.
    kept = [rows[1], rows[2].replace("低保专干", "科员")]
    result = register_import(
        county=areas.county, filename="r.csv", content=csv_file(*kept), actor=users.county
    )
    assert (result.added, result.changed, result.removed) == (0, 2, 1)
    assert result.matched.lapsed == 1
    assert not Staff.objects.filter(id_number=two).exists()
    assert Staff.objects.get(id_number=head_of(applying.household).id_number).post == "科员"
    lapsed = RelativeFiling.objects.get(household=received)
    assert lapsed.lapsed_at is not None  # kept, as history
    assert RelativeFiling.objects.get(application=applying).lapsed_at is None
    assert AuditEntry.objects.filter(object_type="cases.staff", action="delete").count() == 1
    # Declared again: the filing holds again, and is not filed twice.
    register_import(county=areas.county, filename="r.csv", content=csv_file(*rows), actor=users.county)
    lapsed.refresh_from_db()
    assert lapsed.lapsed_at is None and RelativeFiling.objects.filter(household=received).count() == 1


def test_an_application_submitted_later_is_filed_at_submission(areas, users):
    household = make_household(areas.haizhou, users.haizhou, members=1)
    brother = household.members.order_by("id").last()
    rows = [f"赵干事,{id_number()},低保专干,210204,工作人员,{brother.name},{brother.id_number},弟弟"]
    register_import(county=areas.county, filename="r.csv", content=csv_file(*rows), actor=users.county)
    app = services.application_create(household=household, data={}, actor=users.haizhou)
    assert not RelativeFiling.objects.exists()
    services.transition(application=app, step="submit", actor=users.haizhou)
    app.refresh_from_db()
    assert app.close_relative
    filing = RelativeFiling.objects.get(application=app)
    assert (filing.relation, filing.staff_name, filing.person_name) == ("sibling", "赵干事", brother.name)


def test_a_file_with_wrong_rows_is_refused_whole_naming_row_and_column(world, areas, users):
    received, applying, idle = world
    rows = [
        *register_rows(received, applying, idle),
        f"钱某,{bad_check_digit(id_number())},主任,210204001001,干部,,,",
        f"孙某,{id_number()},主任,某某村,干部,,,",
        f"周某,{id_number()},主任,210204001001,临时工,,,",
        f"吴某,{id_number()},主任,210204001001,干部,吴父,{id_number()},表哥",
        f"郑某,{id_number()},主任,210204001001,干部,郑母,,母亲",
        "冯某,2.10204197001010E+17,主任,210204001001,干部,,,",
    ]
    with pytest.raises(RegisterRefused) as refused:
        register_import(county=areas.county, filename="r.csv", content=csv_file(*rows), actor=users.county)
    by_row = {(e.row, e.column) for e in refused.value.row_errors}
    assert by_row == {
        (6, "身份证号"),
        (7, "工作区域"),
        (8, "类别"),
        (9, "关系"),
        (10, "亲属身份证号"),
        (11, "身份证号"),
    }
    assert len(refused.value.row_errors) == 6  # one error a wrong cell, not two
    assert "Excel" in next(e.reason for e in refused.value.row_errors if e.row == 11)
    assert not Staff.objects.exists() and not RelativeFiling.objects.exists()


def test_rows_of_one_person_must_agree(areas, users):
    number = id_number()
    rows = [
        f"陈某,{number},主任,210204001001,干部,陈父,{id_number()},父亲",
        f"陈某,{number},书记,210204001001,干部,陈母,{id_number()},母亲",
    ]
    with pytest.raises(RegisterRefused) as refused:
        register_import(county=areas.county, filename="r.csv", content=csv_file(*rows), actor=users.county)
    assert [(e.row, e.column) for e in refused.value.row_errors] == [(3, "职务")]


def test_an_xlsx_with_a_title_row_and_other_words_for_the_columns_is_read(world, areas, users):
    received, _applying, _idle = world
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["沙河口区低保经办人员及村(社区)干部近亲属备案表"])
    sheet.write_row(
        1,
        0,
        [
            "工作人员姓名",
            "身份证号码",
            "岗位",
            "所在社区",
            "人员类别",
            "近亲属姓名",
            "亲属身份证号码",
            "与本人关系",
        ],
    )
    mother = head_of(received)
    sheet.write_row(
        2, 0, ["王村官", id_number(), "主任", "海州社区", "cadre", mother.name, mother.id_number, "父母"]
    )
    book.close()
    result = register_import(
        county=areas.county, filename="备案.xlsx", content=out.getvalue(), actor=users.county
    )
    assert (result.staff, result.matched.filed) == (1, 1)
    assert Staff.objects.get().area == areas.haizhou


def test_only_the_county_keeps_the_register(areas, users):
    content = csv_file(f"王某,{id_number()},主任,210204001001,干部,,,")
    with pytest.raises(Forbidden):
        register_import(county=areas.county, filename="r.csv", content=content, actor=users.auditor)
    with pytest.raises(NotFound):
        register_import(county=areas.county, filename="r.csv", content=content, actor=users.street)


def test_a_file_that_is_not_a_sheet_is_refused_in_words(areas, users):
    from dibao.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        register_import(county=areas.county, filename="r.pdf", content=b"%PDF", actor=users.county)
    assert "xlsx" in str(refused.value)
    with pytest.raises(DomainError) as lacking:
        register_import(
            county=areas.county,
            filename="r.csv",
            content="姓名,身份证号,职务\n王,1,2\n".encode(),
            actor=users.county,
        )
    assert "工作区域" in str(lacking.value) and "类别" in str(lacking.value)


# ---- the command -------------------------------------------------------------------------------


def test_the_command_imports_and_answers_in_json(world, areas, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_file(*register_rows(*world), encoding="gb18030"))
    out = io.StringIO()
    call_command("import_relatives", str(path), "--county", "210204", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["imported"] and (document["staff"], document["filed"]) == (3, 2)


def test_the_command_refuses_a_wrong_file_with_its_errors(areas, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_file(f"王某,{id_number()},主任,火星,干部,,,"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="row 2 工作区域"):
        call_command("import_relatives", str(path), "--county", "210204", "--json", stdout=out)
    assert json.loads(out.getvalue())["errors"][0]["column"] == "工作区域"


# ---- the pages, the report, the API ------------------------------------------------------------


def test_the_county_imports_on_the_page_and_a_wrong_file_lists_its_errors(world, areas, users, login):
    client = login(users.county)
    url = reverse("cases:relatives-register")
    bad = io.BytesIO(csv_file(f"王某,{id_number()},主任,火星,干部,,,"))
    bad.name = "r.csv"
    page = client.post(url, {"file": bad})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="row-errors"' in text and "火星" in text
    good = io.BytesIO(csv_file(*register_rows(*world)))
    good.name = "r.csv"
    assert client.post(url, {"file": good}).status_code == 302
    listed = client.get(url).content.decode()
    assert "王村官" in listed and 'id="register-import"' in listed


def test_a_large_file_is_imported_by_a_job(world, areas, users, login, monkeypatch):
    from dibao.cases.views import register

    monkeypatch.setattr(register, "INLINE_BYTES", 10)
    upload = io.BytesIO(csv_file(*register_rows(*world)))
    upload.name = "r.csv"
    job = job_of(login(users.county).post(reverse("cases:relatives-register"), {"file": upload}))
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.outcome["filed"] == 2
    assert RelativeFiling.objects.count() == 2


def test_the_street_reads_the_register_without_importing(users, login):
    client = login(users.street)
    page = client.get(reverse("cases:relatives-register"))
    assert page.status_code == 200 and 'id="register-import"' not in page.content.decode()
    assert client.post(reverse("cases:relatives-register")).status_code == 403
    assert login(users.haizhou).get(reverse("cases:relatives-register")).status_code == 403


def test_the_report_lists_automatic_and_manual_filings_in_bounded_queries(
    world, areas, users, login, django_assert_max_num_queries
):
    register_import(
        county=areas.county, filename="r.csv", content=csv_file(*register_rows(*world)), actor=users.county
    )
    services.close_relative_add(
        county=areas.county,
        data={
            "staff_name": "手工",
            "staff_position": "主任",
            "relative_name": "手工亲属",
            "relative_id_number": id_number(),
            "relation": CloseRelative.Relation.CHILD,
        },
        actor=users.county,
    )
    client = login(users.county)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("cases:relative-filings"))
    text = page.content.decode()
    assert "王村官" in text and "手工亲属" in text
    assert "名册自动备案" in text and "手工备案" in text

    download = client.get(reverse("cases:relative-filings-export"))
    assert download.status_code == 200
    with CalamineWorkbook.from_filelike(io.BytesIO(download.content)) as book:
        rows = book.get_sheet_by_index(0).to_python()
    assert len(rows) == 4  # the header and three filings
    assert AuditEntry.objects.filter(action="export", note="").exists()


def test_the_case_and_the_household_say_why_they_are_filed(world, areas, users, login):
    received, applying, _idle = world
    register_import(
        county=areas.county, filename="r.csv", content=csv_file(*register_rows(*world)), actor=users.county
    )
    client = login(users.county)
    case = client.get(reverse("cases:case-detail", args=[applying.pk])).content.decode()
    filing = RelativeFiling.objects.get(application=applying)
    assert f'id="relative-filing-{filing.pk}"' in case
    household = login(users.haizhou).get(reverse("registry:household-detail", args=[received.pk]))
    text = household.content.decode()
    assert 'class="relative-filings"' in text and "王村官" in text


def test_the_api_lists_the_report_to_the_county_with_ids_masked(world, areas, users):
    register_import(
        county=areas.county, filename="r.csv", content=csv_file(*register_rows(*world)), actor=users.county
    )
    answer = api_as(users.county).get(f"{API}/close-relative-filings/")
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert {r["filed_by"] for r in results} == {"register"} and len(results) == 2
    assert all("*" in r["id_number_masked"] for r in results)
    assert api_as(users.haizhou).get(f"{API}/close-relative-filings/").status_code == 403


def test_applications_of_another_county_are_never_matched(world, areas, users):
    # Only members of the county's own households are read: the count is the whole story here.
    register_import(
        county=areas.county, filename="r.csv", content=csv_file(*register_rows(*world)), actor=users.county
    )
    assert set(RelativeFiling.objects.values_list("county__code", flat=True)) == {"210204"}
    assert Application.objects.filter(close_relative=True).count() == 1
