"""The report by area and month: what was received by channel and kind, handled on time or late,
overdue, substantiated, and the reviews opened; the same figures from the command."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.areas.models import Area
from dibao.complaints import services
from dibao.complaints.report import report

from .support import D, receive, setting

pytestmark = pytest.mark.django_db


def _figures(areas, users):
    made = setting(areas, users)
    # March: a phone report about the household, handled on time, substantiated, a review opened.
    on_time = receive(users.haizhou, household=made.household, received_on="2026-03-06")
    services.complaint_accept(complaint=on_time, owner=users.haizhou, actor=users.street, today=D(2026, 3, 9))
    services.complaint_find(
        complaint=on_time, finding="substantiated", text="属实", actor=users.street, today=D(2026, 4, 1)
    )
    services.complaint_reply(
        complaint=on_time, method="phone", text="已答复", actor=users.street, today=D(2026, 4, 2)
    )
    services.complaint_open_review(complaint=on_time, actor=users.street)
    # March: a letter accepted after its deadline (27 March), so handled late though replied.
    late = receive(users.haizhou, household=made.household, received_on="2026-03-06", channel="letter")
    services.complaint_accept(complaint=late, actor=users.street, today=D(2026, 4, 10))
    services.complaint_find(
        complaint=late, finding="partly", text="部分属实", actor=users.street, today=D(2026, 4, 20)
    )
    services.complaint_reply(
        complaint=late, method="letter", text="书面答复", actor=users.street, today=D(2026, 4, 21)
    )
    # April: a petition to the street, transferred in time; and a visit left open, now overdue.
    moved = receive(users.street, received_on="2026-04-07", kind="petition", channel="visit")
    services.complaint_transfer(complaint=moved, to="区人社局", actor=users.street, today=D(2026, 4, 8))
    receive(users.haizhou, household=made.household, received_on="2026-04-08", channel="visit")
    # In 石桥铺, and in May: counted only where they lie.
    receive(users.county, received_on="2026-03-10", area=areas.liubeiqiao)
    receive(users.haizhou, household=made.household, received_on="2026-05-06")
    return made


def test_the_figures_of_a_street_by_month_and_community(areas, users):
    _figures(areas, users)
    found = report(areas.xinghaiwan, D(2026, 3, 1), D(2026, 4, 1), today=D(2026, 12, 1))
    total = found.total
    assert total.received == 4
    assert total.by_channel == {"phone": 1, "letter": 1, "visit": 2, "online": 0, "from_above": 0}
    assert total.by_kind == {"report": 3, "complaint": 0, "petition": 1}
    assert (total.transferred, total.on_time, total.late, total.overdue) == (1, 2, 1, 1)
    assert (total.substantiated, total.reviews) == (2, 1)
    march, april = found.months
    assert march[0] == D(2026, 3, 1) and march[1].received == 2 and march[1].on_time == 1
    assert april[1].received == 2 and april[1].transferred == 1 and april[1].overdue == 1
    assert [(area.name, f.received) for area, f in found.areas] == [("星海湾街道", 1), ("海州社区", 3)]


def test_a_quiet_month_is_reported_as_zeros(areas, users):
    setting(areas, users)
    found = report(areas.county, D(2026, 6, 1), D(2026, 6, 1), today=D(2026, 12, 1))
    assert [(m, f.received) for m, f in found.months] == [(D(2026, 6, 1), 0)]
    assert found.areas == [] and found.total.received == 0


def test_the_county_counts_by_street(areas, users):
    _figures(areas, users)
    found = report(Area.objects.get(code="210204"), D(2026, 3, 1), D(2026, 5, 1), today=D(2026, 12, 1))
    assert found.total.received == 6
    assert [(area.code, f.received) for area, f in found.areas] == [("210204001000", 5), ("210204002000", 1)]


def test_the_command_prints_the_same_figures(areas, users, capsys):
    _figures(areas, users)
    call_command(
        "complaints_report", "--area", "210204001000", "--month", "2026-03", "--to", "2026-04", "--json"
    )
    body = json.loads(capsys.readouterr().out)
    assert body["total"]["received"] == 4 and body["total"]["resulting_reviews"] == 1
    assert [row["month"] for row in body["by_month"]] == ["2026-03", "2026-04"]
    call_command("complaints_report", "--area", "210204001000", "--month", "2026-03")
    assert "2026-03" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("complaints_report", "--area", "210204002000", "--month", "2026-03", "--as", "w_haizhou")
