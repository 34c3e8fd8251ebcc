"""The permanent case file (档案): one PDF per household in a fixed order with its contents and
archive number, an area's files as a zip by a job or a command, every printing recorded."""

import hashlib
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from dibao.casefiles.models import ArchiveNumber, Printing
from dibao.casefiles.services import casefile_print
from dibao.cases import services as case_services
from dibao.cases.models import MaterialKind
from dibao.core.jobs.files import open_file
from dibao.core.models import AuditEntry, Job
from dibao.registry.models import Relation
from tests.cases.support import application, standards
from tests.factories import make_household

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (shutil.which("pdftotext") and shutil.which("pdfimages") and shutil.which("pdfinfo")),
        reason="poppler-utils (pdftotext, pdfimages, pdfinfo) not installed",
    ),
]

# The sections' titles as the contents page prints them, in the order the file is bound.
SECTIONS = [
    "家庭登记",
    "申请及申请材料",
    "入户调查记录",
    "民主评议记录",
    "公示",
    "审核审批及决定",
    "复核",
    "变更告知书",
    "发放记录",
]


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def jpeg(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (200, 60, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def decided(areas, users):  # type: ignore[no-untyped-def]
    """An approved application with a scan (photo of the ID card), a PDF and a visit's photo."""
    app = application(areas, users, until="review")
    case_services.material_add(
        application=app, kind=MaterialKind.ID_CARDS, file=jpeg("身份证.jpg"), actor=users.haizhou
    )
    case_services.material_add(
        application=app,
        kind=MaterialKind.INCOME_PROOF,
        file=SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        actor=users.haizhou,
    )
    case_services.material_add(
        application=app, kind=MaterialKind.PHOTO, file=jpeg("门口.jpg"), actor=users.haizhou
    )
    case_services.transition(application=app, step="approve", actor=users.county)
    app.refresh_from_db()
    return app


def read(pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def page_count(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def test_the_contents_list_every_section_in_the_fixed_order(areas, users, tmp_path):
    app = decided(areas, users)
    printed = casefile_print(household=app.household, actor=users.county)
    contents = read(printed.pdf, tmp_path, "-f", "1", "-l", "1")
    assert "家庭档案" in contents and printed.printing.archive.number in contents
    # Each section is a numbered row of the contents: 1 家庭登记 … 9 发放记录, in that order.
    rows = [
        line.split() for line in read(printed.pdf, tmp_path, "-layout", "-f", "1", "-l", "2").splitlines()
    ]
    numbered = [row[1] for row in rows if len(row) >= 2 and row[0].isdigit() and int(row[0]) <= len(SECTIONS)]
    assert numbered[: len(SECTIONS)] == SECTIONS
    assert "收入证明.pdf" in contents and "原件另附" in contents  # a PDF scan is filed beside the file
    whole = read(printed.pdf, tmp_path)
    pages = whole.split("\f")
    assert len([p for p in pages if p.strip()]) == printed.printing.pages == page_count(printed.pdf, tmp_path)
    # Each section's first page, as the contents say, holds that section's document.
    payments = next(s for s in printed.printing.contents if s["section"] == "payments")
    assert "发放记录" in pages[payments["page"] - 1]
    registration = next(s for s in printed.printing.contents if s["section"] == "registration")
    assert (
        "家庭登记表" in pages[registration["page"] - 1]
        and "家庭登记表" not in pages[registration["page"] - 2]
    )
    # The documents are the ones the case prints on its own.
    assert "最低生活保障" in whole and app.applicant_name in whole
    assert [s["section"] for s in printed.printing.contents] == [
        "registration",
        "applications",
        "investigations",
        "appraisals",
        "notices",
        "decisions",
        "reviews",
        "changes",
        "payments",
    ]


def test_scans_and_photos_are_embedded(areas, users, tmp_path):
    app = decided(areas, users)
    printed = casefile_print(household=app.household, actor=users.county)
    path = tmp_path / "images.pdf"
    path.write_bytes(printed.pdf)
    listed = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    images = [line for line in listed.splitlines()[2:] if line.strip()]
    assert len(images) >= 2  # the ID card's scan and the visit's photo
    assert "门口.jpg" in read(printed.pdf, tmp_path)


def test_the_archive_number_is_given_once_and_kept_across_reprints(areas, users, tmp_path):
    first_household = make_household(areas.haizhou, users.haizhou, members=1)
    second_household = make_household(areas.haizhou, users.haizhou)
    first = casefile_print(household=first_household, actor=users.haizhou)
    second = casefile_print(household=second_household, actor=users.haizhou)
    again = casefile_print(household=first_household, actor=users.street)
    year = first.printing.printed_at.year
    assert first.printing.archive.number == f"210204-{year}-00001"
    assert second.printing.archive.number == f"210204-{year}-00002"
    assert again.printing.archive_id == first.printing.archive_id
    assert again.printing.archive.number in read(again.pdf, tmp_path, "-f", "1", "-l", "1")
    assert ArchiveNumber.objects.count() == 2
    assert [p.version for p in Printing.objects.filter(household=first_household).order_by("version")] == [
        1,
        2,
    ]


def test_every_printing_is_recorded_and_audited(areas, users):
    app = decided(areas, users)
    printed = casefile_print(household=app.household, actor=users.county)
    printing = Printing.objects.get(pk=printed.printing.pk)
    assert printing.printed_by == users.county and printing.version == 1
    assert printing.sha256 == hashlib.sha256(printed.pdf).hexdigest()
    assert printing.whole_id_numbers
    entries = AuditEntry.objects.filter(object_type="casefiles.printing", object_id=str(printing.pk))
    created = entries.get(action=AuditEntry.Action.CREATE)
    assert created.after["sha256"] == printing.sha256 and created.after["pages"] == printing.pages
    assert created.household_id == app.household_id and created.area_code == areas.haizhou.code
    # A county officer's file carries whole ID numbers: the entry names whose.
    revealed = entries.get(action=AuditEntry.Action.REVEAL)
    assert {m["id"] for m in revealed.after["members"]} == set(
        app.household.members.values_list("pk", flat=True)
    )
    assert AuditEntry.objects.filter(object_type="casefiles.archivenumber", action="create").count() == 1


def test_id_numbers_follow_the_role(areas, users, tmp_path):
    app = decided(areas, users)
    head = app.household.members.get(relation=Relation.SELF)
    whole = read(casefile_print(household=app.household, actor=users.county).pdf, tmp_path)
    assert head.id_number in whole
    masked = casefile_print(household=app.household, actor=users.auditor)
    text = read(masked.pdf, tmp_path)
    assert head.id_number not in text and head.id_number[-4:] in text
    assert not masked.printing.whole_id_numbers
    assert not AuditEntry.objects.filter(
        object_type="casefiles.printing", object_id=str(masked.printing.pk), action="reveal"
    ).exists()


def test_the_household_page_prints_the_file(login, areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    client = login(users.haizhou)
    page = client.get(reverse("registry:household-detail", args=[household.pk])).content.decode()
    url = reverse("casefiles:household-print", args=[household.pk])
    assert url in page and "打印完整档案" in page
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert Printing.objects.get(household=household).printed_by == users.haizhou
    assert client.get(url).status_code == 405  # printing records: never on a GET


def test_other_areas_and_roles_are_refused(login, areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    url = reverse("casefiles:household-print", args=[household.pk])
    assert login(users.liubeiqiao).post(url).status_code == 404
    assert login(users.admin).post(url).status_code == 403
    area_page = reverse("casefiles:area")
    assert login(users.liubeiqiao).post(area_page, {"area": areas.haizhou.code}).status_code == 404
    with pytest.raises(CommandError, match="not found in your area"):
        call_command("casefile", household=household.number, as_user="w_liubeiqiao", out="/tmp/x.pdf")
    with pytest.raises(CommandError, match="not found in your area"):
        call_command("casefiles", area=areas.haizhou.code, as_user="w_liubeiqiao", out="/tmp/x.zip")
    assert not Printing.objects.exists() and not ArchiveNumber.objects.exists()


def test_an_areas_files_are_a_zip_made_by_a_job(login, areas, users):
    inside = [make_household(areas.haizhou, users.haizhou), make_household(areas.haiyue, users.street)]
    make_household(areas.liubeiqiao, users.liubeiqiao)  # another street's
    client = login(users.street)
    assert "家庭档案" in client.get(reverse("casefiles:area")).content.decode()
    response = client.post(reverse("casefiles:area"), {"area": areas.xinghaiwan.code})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == Job.State.SUCCEEDED and job.outcome["households"] == 2
    with open_file(job) as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zipped:
        names = sorted(zipped.namelist())
        assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
        numbers = {a.household.number: a.number for a in ArchiveNumber.objects.select_related("household")}
        assert names == sorted(f"档案-{numbers[h.number]}-{h.number}.pdf" for h in inside)
        assert all(zipped.read(name).startswith(b"%PDF") for name in names)
    assert Printing.objects.filter(batch_job_id=job.pk).count() == 2
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert AuditEntry.objects.filter(object_type="core.job", note="job file downloaded").count() == 1
    # The files carry people's data: no one but the job's starter downloads them.
    assert login(users.county).get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_the_commands_print_a_household_and_an_area(areas, users, tmp_path):
    household = make_household(areas.haizhou, users.haizhou)
    make_household(areas.haiyue, users.street)
    out = io.StringIO()
    call_command(
        "casefile", household=household.number, as_user="w_haizhou", out=str(tmp_path / "one.pdf"), stdout=out
    )
    assert (tmp_path / "one.pdf").read_bytes().startswith(b"%PDF") and "pages written" in out.getvalue()
    call_command("casefiles", area=areas.xinghaiwan.code, out=str(tmp_path / "all.zip"), stdout=out)
    with zipfile.ZipFile(tmp_path / "all.zip") as zipped:
        assert len(zipped.namelist()) == 2
    assert not (tmp_path / "all.zip.part").exists()
    assert Printing.objects.filter(household=household).count() == 2


def test_the_area_page_lists_recent_printings_in_a_bounded_number_of_queries(
    login, areas, users, django_assert_max_num_queries
):
    for _ in range(3):
        household = make_household(areas.haizhou, users.haizhou)
        casefile_print(household=household, actor=users.street)
    client = login(users.street)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("casefiles:area")).content.decode()
    assert page.count("210204-") >= 3 and areas.haiyue.name in page
    refused = client.post(reverse("casefiles:area"), {"area": ""}).content.decode()
    assert "请选择区域" in refused and not Job.objects.exists()


def test_two_printings_at_the_same_moment_keep_one_and_say_so(login, areas, users, monkeypatch):
    household = make_household(areas.haizhou, users.haizhou)
    casefile_print(household=household, actor=users.haizhou)
    # The second printer counted the printings before the first recorded its own.
    monkeypatch.setattr("dibao.casefiles.services._next_versions", lambda ids: dict.fromkeys(ids, 1))
    response = login(users.haizhou).post(reverse("casefiles:household-print", args=[household.pk]))
    assert response.status_code == 302
    assert response.url == reverse("registry:household-detail", args=[household.pk])
    assert Printing.objects.filter(household=household).count() == 1
    page = login(users.haizhou).get(response.url).content.decode()
    assert "请重新打印" in page
