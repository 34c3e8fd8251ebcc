import datetime

import pytest
from django.utils import translation

from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden
from dibao.core.models import AuditEntry
from dibao.workdays import calendar
from dibao.workdays.models import CalendarDay, Kind
from dibao.workdays.services import calendar_day_remove, calendar_day_set

pytestmark = pytest.mark.django_db

D = datetime.date


def entries(action):
    return AuditEntry.objects.filter(object_type="workdays.calendarday", action=action)


@pytest.mark.parametrize("role", ["county", "admin"])
def test_editors_add_a_year_and_each_write_is_audited(users, role):
    actor = getattr(users, role)
    assert calendar.is_working_day(D(2027, 1, 1))  # no notice for 2027 yet: a plain Friday
    day = calendar_day_set(day="2027-01-01", kind=Kind.HOLIDAY, name=" 元旦 ", actor=actor)
    assert (day.date, day.kind, day.name) == (D(2027, 1, 1), "holiday", "元旦")
    assert not calendar.is_working_day(D(2027, 1, 1))
    assert 2027 in calendar.covered_years()
    entry = entries("create").get()
    assert entry.actor == actor and entry.area_code == "210204" and entry.object_id == str(day.pk)
    assert entry.after == {"id": day.pk, "date": "2027-01-01", "kind": "holiday", "name": "元旦", "note": ""}


def test_setting_a_stored_day_replaces_it_and_records_only_the_change(users):
    calendar_day_set(day=D(2026, 10, 10), kind=Kind.WORKDAY, name="国庆节", note="调休", actor=users.county)
    entry = entries("update").get()
    assert (entry.before, entry.after) == ({"note": ""}, {"note": "调休"})
    calendar_day_set(day=D(2026, 10, 10), kind=Kind.HOLIDAY, name="国庆节", note="调休", actor=users.county)
    assert not calendar.is_working_day(D(2026, 10, 10))
    assert entries("update").count() == 2
    # The same values again change nothing and record nothing.
    calendar_day_set(day=D(2026, 10, 10), kind=Kind.HOLIDAY, name="国庆节", note="调休", actor=users.county)
    assert entries("update").count() == 2
    assert CalendarDay.objects.filter(date=D(2026, 10, 10)).count() == 1


def test_removing_a_day_returns_it_to_the_weekend_rule(users):
    assert calendar.is_working_day(D(2026, 10, 10))
    calendar_day_remove(day="2026-10-10", actor=users.admin)
    assert not calendar.is_working_day(D(2026, 10, 10))  # a Saturday again
    entry = entries("delete").get()
    assert entry.before["kind"] == "workday" and entry.before["date"] == "2026-10-10"
    with pytest.raises(DomainError) as refused:
        calendar_day_remove(day="2026-10-10", actor=users.admin)
    assert list(refused.value.errors) == ["day"]


@pytest.mark.parametrize("role", ["haizhou", "street", "auditor"])
def test_other_roles_may_not_edit(users, role):
    actor = getattr(users, role)
    with pytest.raises(Forbidden):
        calendar_day_set(day="2027-01-01", kind=Kind.HOLIDAY, name="元旦", actor=actor)
    with pytest.raises(Forbidden):
        calendar_day_remove(day="2026-10-10", actor=actor)
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    assert CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
    assert not AuditEntry.objects.filter(object_type="workdays.calendarday").exists()


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"day": "2027-02-30"}, {"day"}),
        ({"day": "27-01-01"}, {"day"}),
        ({"day": "0227-01-01"}, {"day"}),  # a mistyped year
        ({"day": ""}, {"day"}),
        ({"kind": "rest"}, {"kind"}),
        ({"name": "  "}, {"name"}),
        ({"name": "春" * 21}, {"name"}),
        ({"note": "x" * 201}, {"note"}),
        # A make-up workday on a weekday would change nothing: Monday 4 January 2027.
        ({"day": "2027-01-04", "kind": Kind.WORKDAY}, {"day"}),
        ({"day": "x", "kind": "", "name": ""}, {"day", "kind", "name"}),  # every message at once
    ],
)
def test_bad_input_is_refused_with_a_message_by_field(users, data, fields):
    values = {"day": "2027-01-01", "kind": Kind.HOLIDAY, "name": "元旦", **data}
    with pytest.raises(DomainError) as refused:
        calendar_day_set(**values, actor=users.county)
    assert set(refused.value.errors) == fields
    assert all(str(m) for msgs in refused.value.errors.values() for m in msgs)
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEntry.objects.filter(object_type="workdays.calendarday").exists()


def test_the_messages_are_translated(users):
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        calendar_day_set(day="2027-01-04", kind=Kind.WORKDAY, name="元旦", actor=users.county)
    assert "工作日" in refused.value.messages()["day"][0]


def test_a_weekend_day_may_be_a_make_up_workday(users):
    calendar_day_set(day="2027-01-02", kind=Kind.WORKDAY, name="元旦", actor=users.county)
    assert calendar.is_working_day(D(2027, 1, 2))


def test_the_write_and_its_audit_entry_stand_or_fall_together(users, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        calendar_day_set(day="2027-01-01", kind=Kind.HOLIDAY, name="元旦", actor=users.county)
    with pytest.raises(RuntimeError):
        calendar_day_remove(day="2026-10-10", actor=users.county)
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    assert CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
