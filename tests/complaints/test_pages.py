"""The complaints pages: intake, the list (filters, overdue marked, bounded queries), a complaint
taken through its steps on its page, never seen by the worker it is about nor by another area, the
complainant masked, and the report with its workbook."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from dibao.complaints import services
from dibao.complaints.models import Complaint, State
from dibao.core.models import AuditEntry
from dibao.core.roles import Role

from ..factories import UserFactory
from .support import D, receive, setting

pytestmark = pytest.mark.django_db


def test_a_worker_records_a_complaint_on_the_intake_form(areas, users, client):
    made = setting(areas, users)
    client.force_login(users.haizhou)
    assert client.get("/complaints/new/").status_code == 200
    refused = client.post("/complaints/new/", {"c-channel": "phone", "c-subject_kind": "household"})
    assert refused.status_code == 200 and not Complaint.objects.exists()
    page = refused.content.decode()
    assert "这个字段是必填项" in page or "必填" in page  # said in Chinese, beside the field
    missing = client.post(
        "/complaints/new/",
        {
            "c-channel": "phone",
            "c-kind": "report",
            "c-subject_kind": "household",
            "c-summary": "家中有车",
            "s-household": "NOPE-1",
        },
    )
    assert missing.status_code == 200 and not Complaint.objects.exists()
    answer = client.post(
        "/complaints/new/",
        {
            "c-channel": "letter",
            "c-kind": "report",
            "c-received_on": "2026-03-06",
            "c-complainant_name": "张三丰",
            "c-complainant_phone": "13812345678",
            "c-subject_kind": "household",
            "c-summary": "家中有车辆未申报",
            "s-household": made.household.number,
        },
    )
    complaint = Complaint.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.household == made.household and complaint.accept_due_on == D(2026, 3, 27)
    detail = client.get(answer["Location"]).content.decode()
    # The community worker who took it down sees the complainant masked; the street whole.
    assert "张**" in detail and "138****5678" in detail and "13812345678" not in detail
    client.force_login(users.street)
    assert "13812345678" in client.get(answer["Location"]).content.decode()


def test_the_list_marks_the_overdue_and_filters(areas, users, client, django_assert_max_num_queries):
    made = setting(areas, users)
    late = receive(users.haizhou, household=made.household, received_on="2026-03-06")
    for _ in range(5):
        receive(users.haizhou, household=made.household, received_on="2026-11-30", channel="visit")
    client.force_login(users.street)
    with django_assert_max_num_queries(12):
        page = client.get("/complaints/").content.decode()
    assert page.count('class="overdue"') == 1
    assert f'href="/complaints/{late.pk}/"' in page
    only = client.get("/complaints/?overdue=on").content.decode()
    assert only.count("<tr") == 2  # the head and the one overdue
    visits = client.get("/complaints/?channel=visit").content.decode()
    assert f'href="/complaints/{late.pk}/"' not in visits
    assert client.get("/complaints/?area=999999").status_code == 200  # a choice not offered: ignored


def test_a_complaint_is_taken_through_its_steps_on_its_page(areas, users, client):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    client.force_login(users.street)
    url = f"/complaints/{complaint.pk}/"
    page = client.get(url).content.decode()
    assert "w_haizhou" in page  # offered as owner
    client.post(f"{url}accept/", {"owner-owner": "w_haizhou", "version": complaint.version})
    complaint.refresh_from_db()
    assert complaint.state == State.ACCEPTED and complaint.owner == users.haizhou
    client.post(f"{url}extend/", {"extend-reason": ""})
    assert not Complaint.objects.get(pk=complaint.pk).extended
    client.post(f"{url}extend/", {"extend-reason": "需外调"})
    assert Complaint.objects.get(pk=complaint.pk).extended
    assert "extend-reason" not in client.get(url).content.decode()  # once only: the form is gone
    client.force_login(users.haizhou)  # the owner investigates, notes, finds and replies
    client.post(f"{url}investigate/")
    client.post(
        f"{url}notes/", {"note-text": "入户", "note-file": SimpleUploadedFile("a.jpg", b"\xff\xd8\xffxx")}
    )
    client.post(f"{url}find/", {"find-finding": "partly", "find-finding_text": "部分属实"})
    client.post(f"{url}reply/", {"reply-reply_method": "in_person", "reply-reply_text": "当面答复"})
    client.post(f"{url}correct/", {"correct-correction": "已重新核定收入"})
    assert client.post(f"{url}close/").status_code == 403  # the street closes
    client.force_login(users.street)
    client.post(f"{url}close/")
    complaint.refresh_from_db()
    assert complaint.state == State.CLOSED and complaint.correction == "已重新核定收入"
    page = client.get(url).content.decode()
    assert "部分属实" in page and "当面答复" in page and 'data-action="note"' in page
    note = complaint.notes.get()
    assert client.get(f"/complaints/notes/{note.pk}/file/").status_code == 200


def test_the_worker_complained_about_never_sees_it(areas, users, client):
    setting(areas, users)
    complaint = receive(users.county, subject_kind="worker", worker=users.haizhou, summary="索要好处")
    client.force_login(users.haizhou)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
    assert "索要好处" not in client.get("/complaints/").content.decode()
    assert client.post(f"/complaints/{complaint.pk}/notes/", {"note-text": "x"}).status_code == 404
    # Nor does it reach their desk; the street's desk has it to accept.
    from dibao.complaints.work import complaints_due

    assert complaints_due(users.haizhou, D(2026, 12, 1), 10).count == 0
    assert complaints_due(users.street, D(2026, 12, 1), 10).count == 1
    # Giving it to them from the page is refused.
    client.force_login(users.street)
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'value="w_haizhou"' not in page
    client.post(f"/complaints/{complaint.pk}/accept/", {"owner-owner": "w_haizhou"})
    assert Complaint.objects.get(pk=complaint.pk).state == State.RECEIVED


def test_another_area_finds_nothing(areas, users, client):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    other = UserFactory.create(role=Role.STREET, area=areas.shiqiaopu)
    client.force_login(other)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
    assert client.post(f"/complaints/{complaint.pk}/accept/").status_code == 404
    assert made.household.number not in client.get("/complaints/").content.decode()
    report = client.get("/complaints/report/?area=210204001000&month=2026-03")
    assert report.status_code == 400 and "海州社区" not in report.content.decode()  # not a choice


def test_the_desk_shows_the_owner_s_complaints_overdue_first(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household, received_on="2026-03-06")
    services.complaint_accept(
        complaint=complaint, owner=users.haizhou, actor=users.street, today=D(2026, 3, 9)
    )
    from dibao.complaints.work import complaints_due

    batch = complaints_due(users.haizhou, D(2026, 12, 1), 10)
    assert batch.count == 1 and batch.items[0].overdue and batch.items[0].household == made.household.number
    assert complaints_due(users.auditor, D(2026, 12, 1), 10).count == 0


def test_the_report_page_and_its_workbook(areas, users, client):
    made = setting(areas, users)
    receive(users.haizhou, household=made.household, received_on="2026-03-06")
    receive(users.haizhou, household=made.household, received_on="2026-04-06", kind="petition")
    client.force_login(users.street)
    page = client.get("/complaints/report/?area=210204001000&month=2026-03&to=2026-04")
    assert page.status_code == 200 and "海州社区" in page.content.decode()
    bad = client.get("/complaints/report/?area=210204001000&month=2026-04&to=2026-03")
    assert bad.status_code == 400
    sheet = client.get("/complaints/report.xlsx?area=210204001000&month=2026-03&to=2026-04")
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == "2026-03" and rows[2][1] == 1 and rows[3][0] == "2026-04"
    assert rows[-1][1] == 2  # the total
    assert AuditEntry.objects.filter(action="export", area_code="210204001000").exists()
