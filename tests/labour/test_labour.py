"""Public-welfare labour: who must take part, the schedule, sign-in by list and by card, absences,
the check that reminds and then opens a review (once), the figures, the household's panel, the
desk's work and the API."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from dibao.benefits.models import StopReason
from dibao.core.errors import DomainError
from dibao.core.months import this_month
from dibao.core.work import WORK
from dibao.labour import selectors, services
from dibao.labour.models import Attendance, LabourReview, Presence, Reminder
from dibao.labour.obligation import Facts, judge
from dibao.reviews.models import Review, ReviewKind
from dibao.workdays.models import CalendarDay
from tests.api_support import api_as
from tests.factories import id_number, make_household

from .support import add_person, adult, group_of, last_month, sessions_last_month

pytestmark = pytest.mark.django_db


def _rule(areas):  # type: ignore[no-untyped-def]
    return selectors.rule_for(areas.county.pk, last_month())


# Who must take part.


def test_an_able_adult_of_a_receiving_household_must_and_the_register_says_who_is_exempt(areas, users):
    made = group_of(areas.haizhou, users.haizhou, people=1)
    household = made.heads[0].household
    worker = users.haizhou
    old = add_person(household, worker, name="老人", id_number=id_number(datetime.date(1950, 1, 1)))
    disabled = add_person(household, worker, name="残疾", disability_type="limb", disability_grade=1)
    ill = add_person(household, worker, name="病人", health="serious")
    working = add_person(household, worker, name="上班", employment="employed")
    pupil = add_person(
        household, worker, name="学生", id_number=id_number(datetime.date(2005, 3, 1)), employment="student"
    )
    carer = add_person(household, worker, name="照料")
    services.exemption_add(
        member=carer,
        data={"reason": "care", "note": "照料瘫痪母亲", "month_from": f"{last_month():%Y-%m}"},
        actor=worker,
    )
    people = [made.heads[0], old, disabled, ill, working, pupil, carer]
    judged = selectors.obligations(people, last_month(), _rule(areas))
    assert judged[made.heads[0].pk].must
    reasons = {m.name: [e.reason for e in judged[m.pk].exempt] for m in people[1:]}
    assert reasons == {
        "老人": ["age"],
        "残疾": ["disability"],
        "病人": ["illness"],
        "上班": ["work"],
        "学生": ["school"],
        "照料": ["care"],
    }
    # A household receiving nothing is not concerned at all.
    other = make_household(areas.haizhou, worker, head=adult())
    head = other.members.get()
    assert not selectors.obligations([head], last_month(), _rule(areas))[head.pk].concerned


def test_the_age_range_is_the_countys_and_differs_for_women(areas):
    rule = selectors.rule_for(areas.county.pk, this_month())
    month = datetime.date(2026, 6, 1)

    def facts(birth, sex):  # type: ignore[no-untyped-def]
        return Facts(birth, sex, 0, "healthy", "full", "unemployed")

    def must(birth, sex):  # type: ignore[no-untyped-def]
        return judge(facts(birth, sex), concerned=True, by_hand=[], rule=rule, month=month).must

    assert must(datetime.date(1970, 1, 1), "M")  # 56
    assert not must(datetime.date(1970, 1, 1), "F")  # 56: past women's 54
    assert not must(datetime.date(2009, 1, 1), "M")  # 17
    assert not judge(
        facts(datetime.date(1980, 1, 1), "M"), concerned=False, by_hand=[], rule=rule, month=month
    ).must


def test_the_county_sets_its_rule_and_a_review_never_comes_before_a_reminder(areas, users):
    rule = services.labour_rule_set(
        county=areas.county,
        data={
            "valid_from": "2026-01",
            "sessions_per_month": "12",
            "reminder_after": "1",
            "review_after": "2",
        },
        actor=users.county,
    )
    assert selectors.rule_for(areas.county.pk, datetime.date(2026, 5, 1)).pk == rule.pk
    assert selectors.rule_for(areas.county.pk, datetime.date(2025, 5, 1)).pk is None  # the defaults
    with pytest.raises(DomainError) as refused:
        services.labour_rule_set(
            county=areas.county,
            data={"valid_from": "2026-02", "reminder_after": "3", "review_after": "2"},
            actor=users.county,
        )
    assert "review_after" in refused.value.errors
    with pytest.raises(DomainError):
        services.labour_rule_set(county=areas.county, data={"valid_from": "2026-02"}, actor=users.haizhou)


# Scheduling.


def test_sessions_are_scheduled_on_the_chosen_working_days_once(areas, users):
    made = group_of(areas.haizhou, users.haizhou, people=1)
    # 2026-10-05 (a Monday) is a holiday on the official calendar: skipped.
    assert CalendarDay.objects.filter(date=datetime.date(2026, 10, 5), kind="holiday").exists()
    data = {
        "weekdays": ["0", "2", "4"],
        "date_from": "2026-10-01",
        "date_to": "2026-10-31",
        "starts_at": "09:00",
        "ends_at": "11:00",
    }
    added = services.sessions_schedule(group=made.group, data=data, actor=users.haizhou)
    days = [s.date for s in added]
    assert datetime.date(2026, 10, 5) not in days and datetime.date(2026, 10, 9) in days
    holidays = CalendarDay.objects.filter(
        date__month=10, date__year=2026, kind="holiday", date__week_day__in=(2, 4, 6)
    )
    assert all(d.weekday() in (0, 2, 4) for d in days) and len(days) == 13 - holidays.count()
    assert services.sessions_schedule(group=made.group, data=data, actor=users.haizhou) == []
    with pytest.raises(DomainError) as refused:
        services.sessions_schedule(
            group=made.group, data={**data, "date_to": "2028-01-01", "ends_at": "08:00"}, actor=users.haizhou
        )
    assert {"date_to", "ends_at"} <= set(refused.value.errors)
    with pytest.raises(DomainError):  # another community's group
        services.sessions_schedule(group=made.group, data=data, actor=users.liubeiqiao)


# Sign-in.


def test_the_ticked_list_signs_in_and_records_the_others_absent(areas, users):
    made = group_of(areas.haizhou, users.haizhou, people=3)
    session = sessions_last_month(made.group, users.haizhou)[0]
    a, b, c = made.heads
    counts = services.attendance_sign_list(session=session, present=[a.pk, b.pk], actor=users.haizhou)
    assert counts == {"present": 2, "unexcused": 1, "excused": 0}
    status = dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))
    assert status == {a.pk: "present", b.pk: "present", c.pk: "unexcused"}
    services.absence_record(session=session, member=c, excused=True, reason="住院", actor=users.haizhou)
    # Saving the list again keeps the excuse.
    assert services.attendance_sign_list(session=session, present=[a.pk], actor=users.haizhou) == {
        "present": 1,
        "unexcused": 1,
        "excused": 1,
    }
    with pytest.raises(DomainError):  # an excuse needs its reason
        services.absence_record(session=session, member=c, excused=True, reason=" ", actor=users.haizhou)


def test_a_card_code_signs_in_and_another_communitys_code_is_refused(areas, users):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    other = group_of(areas.liubeiqiao, users.liubeiqiao, people=1, name="柳一组")
    session = sessions_last_month(made.group, users.haizhou)[0]
    row = services.attendance_sign_code(
        session=session, code=made.joined[0].code.lower(), actor=users.haizhou
    )
    assert row.status == Presence.PRESENT and row.signed_by == "code"
    by_id = services.attendance_sign_code(session=session, code=made.heads[1].id_number, actor=users.haizhou)
    assert by_id.member_id == made.heads[1].pk
    with pytest.raises(DomainError) as refused:
        services.attendance_sign_code(session=session, code=other.joined[0].code, actor=users.haizhou)
    assert "code" in refused.value.errors
    assert not Attendance.objects.filter(member=other.heads[0]).exists()
    future = services.sessions_schedule(
        group=made.group,
        data={
            "weekdays": "0,1,2,3,4,5,6",
            "date_from": (this_month().replace(day=28) + datetime.timedelta(days=10)).isoformat(),
            "date_to": (this_month().replace(day=28) + datetime.timedelta(days=12)).isoformat(),
            "starts_at": "09:00",
            "ends_at": "10:00",
            "working_days_only": "0",
        },
        actor=users.haizhou,
    )[0]
    with pytest.raises(DomainError):
        services.attendance_sign_code(session=future, code=made.joined[0].code, actor=users.haizhou)


# Absences, reminders and reviews.


def _absent(made, sessions, worker, times):  # type: ignore[no-untyped-def]
    """The first head absent from the first `times` sessions, the others present."""
    for session in sessions[:times]:
        services.attendance_sign_list(session=session, present=[m.pk for m in made.heads[1:]], actor=worker)


def test_absences_send_a_reminder_then_open_a_review_once(areas, users):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    sessions = sessions_last_month(made.group, users.haizhou)
    _absent(made, sessions, users.haizhou, 3)
    month = last_month()
    assert [(a.member_id, a.count) for a in selectors.unexcused(areas.county, month)] == [
        (made.heads[0].pk, 3)
    ]

    first = services.labour_check(area=areas.county, month=month, actor=users.county)
    assert [r.member_id for r in first.reminders] == [made.heads[0].pk] and first.reviews == []
    second = services.labour_check(area=areas.county, month=month, actor=users.county)
    assert second.reminders == [] and second.reminded_before == 1
    assert len(second.reviews) == 1
    review = Review.objects.get(pk=second.reviews[0].review_id)
    assert review.kind == ReviewKind.CHANGE and review.stop_reason == StopReason.REFUSED_LABOUR
    assert review.household_id == made.heads[0].household_id
    third = services.labour_check(area=areas.county, month=month, actor=users.county)
    assert third.reminders == [] and third.reviews == [] and third.reviewed_before == 1
    assert Reminder.objects.count() == 1 and LabourReview.objects.count() == 1
    assert Review.objects.filter(household_id=made.heads[0].household_id).count() == 1


def test_the_exempt_and_the_excused_are_not_counted(areas, users):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    sessions = sessions_last_month(made.group, users.haizhou)
    _absent(made, sessions, users.haizhou, 3)
    for s in sessions[:3]:
        services.absence_record(
            session=s, member=made.heads[0], excused=True, reason="病假", actor=users.haizhou
        )
    done = services.labour_check(area=areas.county, month=last_month(), actor=users.county)
    assert done.counted == 0 and done.reminders == []


def test_the_command_checks_a_county_and_says_it_in_json(areas, users, capsys):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    _absent(made, sessions_last_month(made.group, users.haizhou), users.haizhou, 2)
    call_command("labour_check", "--county", "210204", "--month", f"{last_month():%Y-%m}", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["counted"] == 1 and len(out["reminders"]) == 1 and out["reviews"] == []
    call_command("labour_check", "--county", "210204", "--month", f"{last_month():%Y-%m}", "--json")
    assert json.loads(capsys.readouterr().out)["reminders"] == []


# Pages, figures, the panel, the desk and the API.


def test_the_check_page_runs_as_a_job_and_the_reminder_prints(areas, users, login):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    _absent(made, sessions_last_month(made.group, users.haizhou), users.haizhou, 2)
    client = login(users.haizhou)
    response = client.post(reverse("labour:check"), {"month": f"{last_month():%Y-%m}"})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    reminder = Reminder.objects.get()
    pdf = client.get(reverse("labour:reminder-pdf", args=[reminder.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_figures_per_person_and_group_on_the_page_and_in_the_workbook(areas, users, login):
    made = group_of(areas.haizhou, users.haizhou, people=3)
    sessions = sessions_last_month(made.group, users.haizhou)
    _absent(made, sessions, users.haizhou, 2)
    found = selectors.figures(users.street, last_month())
    [group] = found.groups
    assert group.sessions == len(sessions) and group.people == 3 and group.must == 3
    assert (group.present, group.unexcused) == (4, 2)
    assert {p.member.pk: (p.present, p.unexcused) for p in group.persons}[made.heads[0].pk] == (0, 2)
    assert selectors.figures(users.liubeiqiao, last_month()).groups == []
    client = login(users.street)
    page = client.get(reverse("labour:figures"), {"month": f"{last_month():%Y-%m}"})
    assert page.status_code == 200 and "一组" in page.content.decode()
    book = client.get(reverse("labour:figures-xlsx"), {"month": f"{last_month():%Y-%m}"})
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    names = [row[3] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert {"劳动0", "劳动1", "劳动2"} <= set(names)


def test_the_sign_in_page_by_list_and_by_code(areas, users, login):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    session = sessions_last_month(made.group, users.haizhou)[0]
    client = login(users.haizhou)
    page = client.get(reverse("labour:session", args=[session.pk]))
    assert page.status_code == 200 and made.heads[0].name in page.content.decode()
    client.post(reverse("labour:session-sign", args=[session.pk]), {"present": [made.heads[0].pk]})
    assert Attendance.objects.filter(session=session, status="present").count() == 1
    wrong = client.post(reverse("labour:session-code", args=[session.pk]), {"code": "ZZZZZZZZ"})
    assert wrong.status_code == 400 and "ZZZZZZZZ" in wrong.content.decode()
    client.post(reverse("labour:session-code", args=[session.pk]), {"code": made.joined[1].code})
    assert Attendance.objects.filter(session=session, status="present").count() == 2
    assert login(users.liubeiqiao).get(reverse("labour:session", args=[session.pk])).status_code == 404


def test_the_household_page_shows_the_obligation_and_the_desk_lists_absences(areas, users, login):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    sessions = [s for s in sessions_last_month(made.group, users.haizhou)]
    _absent(made, sessions, users.haizhou, 1)
    household = made.heads[0].household
    page = login(users.haizhou).get(
        reverse("registry:household-detail", args=[household.pk]), {"month": f"{last_month():%Y-%m}"}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'id="labour"' in text and made.joined[0].code in text
    batch = {b.kind: b for b in WORK.gather(users.haizhou, last_month().replace(day=15), 10)}[
        "labour_absence"
    ]
    assert batch.count == 1 and batch.items[0].head_name == made.heads[0].name
    assert "labour_absence" not in {
        b.kind for b in WORK.gather(users.county, last_month().replace(day=15), 10)
    }


def test_the_api_lists_sessions_gives_attendance_and_signs_in(areas, users):
    made = group_of(areas.haizhou, users.haizhou, people=2)
    session = sessions_last_month(made.group, users.haizhou)[0]
    api = api_as(users.haizhou)
    listed = api.get("/api/v1/labour/sessions/", {"month": f"{last_month():%Y-%m}"})
    assert listed.status_code == 200 and session.pk in [s["id"] for s in listed.json()["results"]]
    signed = api.post(
        f"/api/v1/labour/sessions/{session.pk}/sign-in/", {"code": made.joined[0].code}, format="json"
    )
    assert signed.status_code == 200
    assert [r["status"] for r in signed.json()] == ["present", ""]
    both = api.post(
        f"/api/v1/labour/sessions/{session.pk}/sign-in/", {"present": [made.heads[1].pk]}, format="json"
    )
    assert [r["status"] for r in both.json()] == ["unexcused", "present"]
    attendance = api.get(f"/api/v1/labour/sessions/{session.pk}/attendance/")
    assert attendance.status_code == 200 and all(r["must"] for r in attendance.json())
    other = api_as(users.liubeiqiao)
    assert other.get(f"/api/v1/labour/sessions/{session.pk}/").status_code == 404
    assert other.get("/api/v1/labour/sessions/").json()["results"] == []
    refused = other.post(f"/api/v1/labour/sessions/{session.pk}/sign-in/", {"code": "X"}, format="json")
    assert refused.status_code == 404


def test_the_list_pages_ask_the_same_number_of_queries_for_more_people(areas, users, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(users.haizhou)

    def queries(people: int, name: str) -> tuple[int, int]:
        made = group_of(areas.haizhou, users.haizhou, people=people, name=name)
        sessions = sessions_last_month(made.group, users.haizhou)
        _absent(made, sessions, users.haizhou, 2)
        counted = []
        for url in (reverse("labour:session", args=[sessions[0].pk]), reverse("labour:figures")):
            with CaptureQueriesContext(connection) as seen:
                assert client.get(url, {"month": f"{last_month():%Y-%m}"}).status_code == 200
            counted.append(len(seen))
        return counted[0], counted[1]

    small = queries(2, "小组")
    large = queries(5, "大组")
    assert large[0] == small[0]  # the sign-in list
    assert large[1] <= small[1] + 2  # the figures: one more group, a fixed number more


def test_the_county_edits_its_rule_on_the_page_and_others_read_it(areas, users, login):
    county = login(users.county)
    answer = county.post(
        reverse("labour:rule"),
        {"valid_from": "2026-03", "programs": ["dibao"], "sessions_per_month": "12", "reminder_after": "x"},
    )
    assert answer.status_code == 200 and "“x”不是整数" in answer.content.decode()
    county.post(
        reverse("labour:rule"),
        {"valid_from": "2026-03", "programs": ["dibao"], "sessions_per_month": "12", "reminder_after": "2"},
    )
    assert selectors.rule_for(areas.county.pk, datetime.date(2026, 4, 1)).sessions_per_month == 12
    worker = login(users.haizhou)
    page = worker.get(reverse("labour:rule"))
    assert page.status_code == 200 and "<form" not in page.content.decode().split('id="rule-in-force"')[1]
    assert worker.post(reverse("labour:rule"), {"valid_from": "2026-04"}).status_code == 403
