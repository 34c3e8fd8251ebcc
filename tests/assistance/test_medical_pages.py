"""The 医疗救助 pages: claims listed, quoted before saving, decided; a settlement file imported as a
job, its result and disputed rows, their workbook."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from dibao.assistance.models import ClaimState, MedicalClaim, OneOffGrant, SettlementImport
from dibao.core.models import Job

from .support import holding
from .test_settlement_import import HEADER, line

FORM = {
    "hospital": "大连市中心医院",
    "admitted_on": "2026-03-10",
    "discharged_on": "2026-03-15",
    "kind": "inpatient",
    "total_cost": "30000",
    "insurance_paid": "15000",
    "serious_insurance_paid": "0",
    "in_policy_cost": "10000",
}


def test_the_form_quotes_before_it_saves_then_the_street_decides(areas, users, client):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    client.force_login(users.haizhou)
    quoted = client.post("/assistance/medical/new/", {**FORM, "id_number": head.id_number, "quote": "1"})
    assert quoted.status_code == 200 and "7000.00" in quoted.content.decode()
    assert not MedicalClaim.objects.exists()
    saved = client.post("/assistance/medical/new/", {**FORM, "id_number": head.id_number, "save": "1"})
    claim = MedicalClaim.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/assistance/medical/{claim.pk}/"
    page = client.get(f"/assistance/medical/{claim.pk}/").content.decode()
    assert "7000.00" in page and '<ol class="explanation"><li>' in page
    listed = client.get(
        "/assistance/medical/", {"state": "recorded", "kind": "inpatient", "month": "2026-03"}
    )
    assert "大连市中心医院" in listed.content.decode()
    assert "大连市中心医院" not in client.get("/assistance/medical/", {"month": "2026-04"}).content.decode()
    # The community records; deciding is the street's.
    assert client.post(f"/assistance/medical/{claim.pk}/decide/", {"approve": "approve"}).status_code == 403
    client.force_login(users.street)
    over = client.post(f"/assistance/medical/{claim.pk}/decide/", {"approve": "approve", "amount": "8000"})
    assert over.status_code == 200 and "7000" in over.content.decode()
    nothing = client.post(f"/assistance/medical/{claim.pk}/decide/", {"amount": ""})
    assert nothing.status_code == 200 and MedicalClaim.objects.get().state == ClaimState.RECORDED
    done = client.post(f"/assistance/medical/{claim.pk}/decide/", {"approve": "approve", "amount": ""})
    assert done.status_code == 302
    assert MedicalClaim.objects.get().state == ClaimState.DECIDED
    assert OneOffGrant.objects.get(claim_id=claim.pk).amount == claim.amount


def test_a_person_of_another_area_is_a_form_error(areas, users, client):
    other = holding(areas.liubeiqiao, users.liubeiqiao, "dibao")
    client.force_login(users.haizhou)
    answer = client.post("/assistance/medical/new/", {**FORM, "id_number": other.id_number, "save": "1"})
    assert answer.status_code == 200 and not MedicalClaim.objects.exists()
    assert "No one in your area" in answer.content.decode() or "辖区" in answer.content.decode()
    bad = client.post(
        "/assistance/medical/new/", {**FORM, "id_number": "123", "in_policy_cost": "x", "quote": "1"}
    )
    assert bad.status_code == 200 and not MedicalClaim.objects.exists()


def _upload(client, text, name="结算.csv", month="2026-03"):
    upload = SimpleUploadedFile(name, text.encode("gb18030"), content_type="text/csv")
    return client.post("/assistance/medical/settlements/", {"month": month, "file": upload})


def test_a_settlement_file_imports_as_a_job_and_lists_its_disputed_rows(areas, users, client):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    client.force_login(users.county)
    answer = _upload(
        client, HEADER + line(head.id_number, "7000") + line("110101199003071233", "500", name="李四")
    )
    job = Job.objects.get()
    assert job.error == ""
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    record = SettlementImport.objects.get()
    assert (
        job.state == Job.State.SUCCEEDED and job.result_url == f"/assistance/medical/settlements/{record.pk}/"
    )
    page = client.get(job.result_url).content.decode()
    assert "7000.00" in page and "李四" in page
    assert "李四" not in client.get(job.result_url, {"outcome": "amount"}).content.decode()
    xlsx = client.get(f"/assistance/medical/settlements/{record.pk}/disputed.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0).to_python()
    assert len(sheet) == 2 and sheet[1][1] == "李四" and "*" in sheet[1][2]
    assert "结算.csv" in client.get("/assistance/medical/settlements/").content.decode()


def test_a_malformed_settlement_file_is_the_jobs_refusal(areas, users, client):
    client.force_login(users.county)
    _upload(client, HEADER + line("123", "abc"))
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and ("row" in job.error.lower() or "行" in job.error)
    assert not SettlementImport.objects.exists()
    wrong = _upload(client, "x", name="结算.pdf")
    assert wrong.status_code == 200 and Job.objects.count() == 1


def test_settlements_are_the_countys(areas, users, client):
    client.force_login(users.street)
    assert client.get("/assistance/medical/settlements/").status_code == 403
    client.force_login(users.haizhou)
    assert client.get("/assistance/medical/").status_code == 200
