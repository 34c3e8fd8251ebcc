"""The complaints API: intake, the steps, filters, the complainant masked, and the caller's area
(and never a complaint about the caller) through every path."""

import pytest

from dibao.complaints.models import Complaint, State
from dibao.core.roles import Role

from ..api_support import api_as
from ..factories import UserFactory
from .support import receive, setting

pytestmark = pytest.mark.django_db

URL = "/api/v1/complaints/"


def test_a_complaint_through_the_api(areas, users):
    made = setting(areas, users)
    worker = api_as(users.haizhou)
    created = worker.post(
        URL,
        {
            "channel": "online",
            "kind": "complaint",
            "received_on": "2026-03-06",
            "complainant_name": "张三丰",
            "complainant_phone": "13812345678",
            "complainant_id_number": "11010519491231002X",
            "subject_kind": "household",
            "household": made.household.pk,
            "summary": "低保金发放不及时",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["accept_due_on"] == "2026-03-27" and body["state"] == "received"
    assert body["complainant"] == {
        "anonymous": False,
        "name": "张**",
        "phone": "138****5678",
        "id_number": "110105********002X",
    }
    assert body["timeline"][0]["action"] == "receive"
    pk = body["id"]
    street = api_as(users.street)
    assert street.get(f"{URL}{pk}/").json()["complainant"]["phone"] == "13812345678"
    assert worker.post(f"{URL}{pk}/accept/", {}).status_code == 403  # the street accepts
    accepted = street.post(f"{URL}{pk}/accept/", {"owner": "w_haizhou"})
    assert accepted.status_code == 200 and accepted.json()["owner"] == "w_haizhou"
    assert worker.post(f"{URL}{pk}/investigate/", {}).json()["state"] == "investigating"
    noted = worker.post(f"{URL}{pk}/notes/", {"text": "电话核实"})
    assert noted.status_code == 201 and noted.json()["timeline"][-1]["action"] == "note"
    assert street.post(f"{URL}{pk}/extend/", {"reason": "外调"}).json()["extended"] is True
    again = street.post(f"{URL}{pk}/extend/", {"reason": "再延"})
    assert again.status_code == 400 and again.json()["code"] == "state"
    found = worker.post(f"{URL}{pk}/find/", {"finding": "unsubstantiated", "finding_text": "已按月发放"})
    assert found.json()["finding"] == "unsubstantiated"
    replied = worker.post(f"{URL}{pk}/reply/", {"reply_method": "phone", "reply_text": "电话答复"})
    assert replied.json()["state"] == "replied"
    assert street.post(f"{URL}{pk}/close/", {}).json()["state"] == "closed"


def test_the_list_filters_and_an_unknown_field_is_refused(areas, users):
    made = setting(areas, users)
    receive(users.haizhou, household=made.household, received_on="2026-03-06")
    receive(users.haizhou, household=made.household, received_on="2026-11-30", kind="petition")
    street = api_as(users.street)
    assert street.get(URL).json()["count"] == 2
    assert street.get(f"{URL}?kind=petition").json()["count"] == 1
    overdue = street.get(f"{URL}?overdue=true").json()
    assert overdue["count"] == 1 and overdue["results"][0]["overdue"] is True
    assert street.get(f"{URL}?area=210204002000").status_code == 404  # another street
    assert street.get(f"{URL}?kind=").status_code == 200
    bad = street.post(URL, {"channel": "phone", "kind": "report", "summary": "x", "secret": 1})
    assert bad.status_code == 400 and "secret" in bad.json()["errors"]


def test_an_auditor_reads_and_does_not_write(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    auditor = api_as(users.auditor)
    body = auditor.get(f"{URL}{complaint.pk}/").json()
    assert body["complainant"]["name"] == "张**"
    assert auditor.post(URL, {"channel": "phone", "kind": "report", "summary": "x"}).status_code == 403
    assert auditor.post(f"{URL}{complaint.pk}/accept/", {}).status_code == 403


def test_the_api_keeps_to_the_caller_s_area_and_hides_complaints_about_the_caller(areas, users):
    made = setting(areas, users)
    complaint = receive(users.haizhou, household=made.household)
    about = receive(users.county, subject_kind="worker", worker=users.haizhou, summary="吃拿卡要")
    other = api_as(UserFactory.create(role=Role.COMMUNITY, area=areas.liubeiqiao))
    assert other.get(URL).json()["count"] == 0
    assert other.get(f"{URL}{complaint.pk}/").status_code == 404
    assert other.post(f"{URL}{complaint.pk}/notes/", {"text": "x"}).status_code == 404
    created = other.post(
        URL,
        {
            "channel": "phone",
            "kind": "report",
            "subject_kind": "household",
            "household": made.household.pk,
            "summary": "x",
        },
    )
    assert created.status_code == 400 and "household" in created.json()["errors"]
    worker = api_as(users.haizhou)
    assert [row["id"] for row in worker.get(URL).json()["results"]] == [complaint.pk]
    assert worker.get(f"{URL}{about.pk}/").status_code == 404
    assert api_as(users.street).post(f"{URL}{about.pk}/accept/", {"owner": "w_haizhou"}).status_code == 400
    assert Complaint.objects.get(pk=about.pk).state == State.RECEIVED


def test_an_anonymous_complaint_through_the_api(areas, users):
    setting(areas, users)
    street = api_as(users.street)
    refused = street.post(
        URL,
        {
            "channel": "letter",
            "kind": "report",
            "anonymous": True,
            "complainant_name": "王五",
            "summary": "x",
        },
    )
    assert refused.status_code == 400 and "anonymous" in refused.json()["errors"]
    created = street.post(
        URL, {"channel": "letter", "kind": "report", "anonymous": True, "summary": "匿名信"}
    )
    assert created.status_code == 201
    assert created.json()["complainant"] == {"anonymous": True, "name": "", "phone": "", "id_number": ""}
    assert created.json()["area"] == areas.xinghaiwan.code
