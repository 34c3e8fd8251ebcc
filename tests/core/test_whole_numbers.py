"""Every way out of the system, walked as each role: a whole ID number or bank account appears only
where core.disclosure says the role sees it, and revealing is one audit entry per person.

One household, its application, a close-relative filing of its head, and a refused roster import
that names the head's number; then, for each role, every page, API answer, printed form and report
that carries them.
"""

import io
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from python_calamine import CalamineWorkbook

from dibao.cases import services as case_services
from dibao.core.models import AuditEntry
from dibao.core.roles import FULL_ACCOUNT_ROLES, FULL_ID_ROLES, ID_REVEALERS, Role
from dibao.registry.roster.importer import import_roster
from dibao.registry.services import household_update

from ..api_support import API, api_as
from ..cases.support import application, standards
from ..factories import id_number, make_household
from ..jobs_support import page_download
from ..registry.roster.files import csv_bytes, row

pytestmark = pytest.mark.django_db

ACCOUNT = "6228481234567890123"
ROLES = ("haizhou", "street", "county", "auditor", "admin")


@pytest.fixture
def case(areas, users) -> SimpleNamespace:
    standards(areas)
    app = application(areas, users, until="accept")
    household = app.household
    # Through the service, so that the audit trail holds the whole account before and after.
    household_update(household=household, data={"bank_account": ACCOUNT}, actor=users.haizhou)
    household.refresh_from_db()
    head = household.members.get(relation="self")
    case_services.close_relative_add(
        county=areas.county,
        data={
            "staff_name": "赵干部",
            "staff_position": "社区主任",
            "relative_name": head.name,
            "relative_id_number": head.id_number,
            "relation": "sibling",
        },
        actor=users.county,
    )
    # A roster naming the head again: refused, and its report names his number.
    refused = import_roster(
        filename="again.csv",
        content=csv_bytes([row(head.id_number, head.name, head.id_number)]),
        area=areas.haizhou,
        actor=users.haizhou,
    )
    assert refused.errors
    return SimpleNamespace(app=app, household=household, head=head, refused=refused.record)


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        book = CalamineWorkbook.from_filelike(io.BytesIO(body))
        return str(book.get_sheet_by_index(0).to_python())
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _outputs(client, api, case, users) -> dict[str, str]:
    """What each way out answers the user; a way the role may not use at all is left out."""
    household, head = case.household, case.head
    pages = {
        "household page": f"/households/{household.pk}/",
        "household edit page": f"/households/{household.pk}/edit/",
        "search results": f"/households/?q={head.id_number}",
        "household audit trail": f"/households/{household.pk}/audit/",
        "audit trail": "/audit/",
        "close relatives": "/cases/close-relatives/",
        "case page": f"/cases/{case.app.pk}/",
        "import report": f"/roster/imports/{case.refused.pk}/",
        "import report json": f"/roster/imports/{case.refused.pk}/errors.json",
        "import report xlsx": f"/roster/imports/{case.refused.pk}/errors.xlsx",
    }
    # The roster export is a job, posted from the list: its file is downloaded from the job's page.
    exports = {"roster export csv": {"format": "csv"}, "roster export xlsx": {"format": "xlsx"}}
    answers = {
        "api household": f"{API}/households/{household.pk}/",
        "api households": f"{API}/households/",
        "api search": f"{API}/households/?q={head.id_number}",
        "api member": f"{API}/members/{head.pk}/",
        "api members": f"{API}/members/",
        "api household audit": f"{API}/households/{household.pk}/audit/",
        "api close relatives": f"{API}/close-relatives/",
    }
    seen: dict[str, str] = {}
    for name, url in pages.items():
        response = client.get(url)
        if response.status_code in (403, 404):
            continue
        assert response.status_code == 200, (name, response.status_code)
        seen[name] = _text(response)
    for name, data in exports.items():
        response = client.post("/roster/export/", data)
        if response.status_code in (403, 404):
            continue
        seen[name] = _text(page_download(client, response))
    for name, url in answers.items():
        response = api.get(url)
        if response.status_code in (403, 404):
            continue
        assert response.status_code == 200, (name, response.status_code)
        seen[name] = response.content.decode()
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_whole_numbers_appear_only_where_the_role_may_see_them(case, users, login, role):
    user = getattr(users, role)
    seen = _outputs(login(user), api_as(user), case, users)
    assert {"household page", "api household", "api members", "search results"} <= set(seen)
    assert seen["search results"].count(case.household.number) >= 1  # the whole number finds him
    number = case.head.id_number
    # The roster export is a work file: whole numbers for those who register (recorded); nothing
    # else carries a whole ID number, for any role — nor the birth date the mask hides.
    work_files = {"roster export csv", "roster export xlsx"}
    for name, text in seen.items():
        # A search page repeats what was typed (the box, its links): the user's own input.
        text = text.replace(f"q={number}", "q=").replace(f'value="{number}"', 'value=""')
        whole_id = user.role in FULL_ID_ROLES and name in work_files
        assert (number in text) == whole_id, f"{name}: whole ID number"
        if name not in work_files:
            assert number[6:14] not in text, f"{name}: the masked birth date"
    # Accounts: whole on pages and API answers for those who pay, in the work file for those who
    # register too; the edit page of a community worker keeps it without showing it.
    screens = {"household page", "household edit page", "api household", "api households", "api search"}
    for name, text in seen.items():
        if name in screens:
            expected = user.role in FULL_ACCOUNT_ROLES
        elif name in work_files:
            expected = user.role in FULL_ID_ROLES
        else:
            expected = False
        assert (ACCOUNT in text) == expected, f"{name}: whole account"
        if name in screens and not expected:
            assert "…0123" in text, f"{name}: the account's last four"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("role", ROLES)
def test_the_printed_application_form_is_whole_only_for_those_who_register_and_says_who_printed_it(
    case, users, login, role, tmp_path
):
    user = getattr(users, role)
    before = AuditEntry.objects.filter(action="reveal").count()
    response = login(user).get(f"/cases/{case.app.pk}/print/application/")
    if user.role == Role.ADMIN:
        assert response.status_code == 403  # administrators do not read cases
        return
    assert response.status_code == 200
    text = _pdf_text(
        b"".join(response.streaming_content) if response.streaming else response.content, tmp_path
    )
    whole = user.role in FULL_ID_ROLES
    assert (case.head.id_number in text) == whole
    assert (f"{case.head.id_number[:6]}********{case.head.id_number[14:]}" in text) != whole
    assert (ACCOUNT in text) == whole
    entries = AuditEntry.objects.filter(action="reveal")
    assert entries.count() == before + (1 if whole else 0)
    if whole:
        entry = entries.latest("id")
        assert entry.actor == user and entry.household_id == case.household.pk
        assert entry.after["printed"] == "application"
        assert {m["id"] for m in entry.after["members"]} == set(
            case.household.members.values_list("id", flat=True)
        )


@pytest.mark.parametrize("role", ROLES)
def test_revealing_is_one_audit_entry_per_person_and_only_for_those_who_may(case, users, login, role):
    user = getattr(users, role)
    head = case.head
    reveals = AuditEntry.objects.filter(action="reveal", object_id=str(head.pk))
    page = login(user).post(f"/households/members/{head.pk}/reveal-id/", HTTP_HX_REQUEST="true")
    api = api_as(user).post(f"{API}/members/{head.pk}/reveal-id/")
    if user.role in ID_REVEALERS:
        assert head.id_number in page.content.decode()
        assert api.status_code == 200 and api.json()["id_number"] == head.id_number
        assert reveals.count() == 2 and {e.actor for e in reveals} == {user}
    else:
        assert page.status_code == 403 and api.status_code == 403
        assert head.id_number not in page.content.decode() + api.content.decode()
        assert reveals.count() == 0


def test_a_person_in_another_area_is_said_to_be_there_without_naming_it(areas, users):
    number = id_number()
    elsewhere = make_household(areas.liubeiqiao, users.liubeiqiao, head={"id_number": number})
    refused = import_roster(
        filename="a.csv",
        content=csv_bytes([row(number, "甲", number)]),
        area=areas.haizhou,
        actor=users.haizhou,
    )
    reasons = " ".join(e.reason for e in refused.errors)
    own = make_household(areas.haizhou, users.haizhou)
    data = {"household": own.pk, "name": "甲", "id_number": number, "relation": "child", "hukou": "urban"}
    api = api_as(users.haizhou).post(f"{API}/members/", data)
    assert api.status_code == 400
    for said in (reasons, api.content.decode()):
        assert "此人已是其他辖区某户的成员" in said
        for naming in (areas.liubeiqiao.name, areas.shiqiaopu.name, areas.liubeiqiao.code, elsewhere.number):
            assert naming not in said
