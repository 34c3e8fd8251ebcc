"""医疗救助 over the API: claims, their decision, the quote that writes nothing, settlements."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dibao.assistance.models import MedicalClaim, SettlementImport
from dibao.core.models import AuditEntry

from ..api_support import api_as
from .support import holding
from .test_settlement_import import HEADER, line

BODY = {
    "hospital": "大连市中心医院",
    "admitted_on": "2026-03-10",
    "discharged_on": "2026-03-15",
    "kind": "inpatient",
    "total_cost": "30000",
    "insurance_paid": "15000",
    "in_policy_cost": "10000",
}


def test_claims_recorded_listed_and_decided(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    api = api_as(users.haizhou)
    created = api.post("/api/v1/medical/claims/", {**BODY, "id_number": head.id_number}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["amount"] == "7000.00" and body["explanation"] and "*" in body["id_number"]
    listed = api.get("/api/v1/medical/claims/", {"state": "", "category": "dibao", "month": "2026-03"})
    assert [c["id"] for c in listed.json()["results"]] == [body["id"]]
    assert api.get("/api/v1/medical/claims/", {"kind": "serious"}).json()["results"] == []
    assert (
        api.post(f"/api/v1/medical/claims/{body['id']}/decide/", {"approve": True}, format="json").status_code
        == 403
    )
    street = api_as(users.street)
    decided = street.post(
        f"/api/v1/medical/claims/{body['id']}/decide/",
        {"approve": True, "amount": "5000", "note": "部分由慈善基金承担"},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["decided_amount"] == "5000.00"
    assert api_as(users.liubeiqiao).get(f"/api/v1/medical/claims/{body['id']}/").status_code == 404


def test_bad_claims_name_the_field(areas, users):
    other = holding(areas.liubeiqiao, users.liubeiqiao, "dibao")
    api = api_as(users.haizhou)
    answer = api.post("/api/v1/medical/claims/", {**BODY, "id_number": other.id_number}, format="json")
    assert answer.status_code == 400 and "id_number" in answer.json()["errors"]
    head = holding(areas.haizhou, users.haizhou, "dibao")
    answer = api.post(
        "/api/v1/medical/claims/",
        {**BODY, "id_number": head.id_number, "in_policy_cost": "lots"},
        format="json",
    )
    assert answer.status_code == 400 and "in_policy_cost" in answer.json()["errors"]
    assert not MedicalClaim.objects.exists()


def test_the_quote_writes_nothing(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    api = api_as(users.haizhou)
    writes = AuditEntry.objects.count()
    query = {"id_number": head.id_number, "date": "2026-03-10", "in_policy_cost": "10000"}
    got = api.get("/api/v1/medical/quote/", query)
    assert got.status_code == 200 and got.json()["amount"] == "7000.00" and got.json()["category"] == "dibao"
    posted = api.post("/api/v1/medical/quote/", {**query, "kind": "outpatient"}, format="json")
    assert posted.status_code == 200 and posted.json()["kind"] == "outpatient"
    assert api.get("/api/v1/medical/quote/", {**query, "date": "2026-02-30"}).status_code == 400
    assert AuditEntry.objects.count() == writes and not MedicalClaim.objects.exists()


def test_settlements_upload_as_a_job_and_read_with_their_disputed_rows(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    api = api_as(users.county)
    text = HEADER + line(head.id_number, "7000") + line(head.id_number, "9999", day="2026-03-20")
    upload = SimpleUploadedFile("结算.csv", text.encode("gb18030"), content_type="text/csv")
    answer = api.post(
        "/api/v1/medical/settlements/", {"month": "2026-03", "file": upload}, format="multipart"
    )
    assert answer.status_code == 202, answer.content
    assert answer.json()["state"] == "succeeded" and answer.json()["outcome"]["matched_total"] == "7000.00"
    record = SettlementImport.objects.get()
    detail = api.get(f"/api/v1/medical/settlements/{record.pk}/").json()
    assert detail["matched_total"] == "7000.00" and [r["row"] for r in detail["disputed_rows"]] == [3]
    assert api.get("/api/v1/medical/settlements/").json()["results"][0]["id"] == record.pk
    assert api_as(users.street).get(f"/api/v1/medical/settlements/{record.pk}/").status_code == 403
    bad = api.post("/api/v1/medical/settlements/", {"month": "2026-13"}, format="multipart")
    assert bad.status_code == 400
