import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dibao.core.models import AuditEntry
from dibao.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date
PAGE = reverse("workdays:calendar")
SET = reverse("workdays:day-set")


def remove_url(day):
    return reverse("workdays:day-remove", args=[day])


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(SET, {"day": "2027-01-01"}).status_code == 302
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()


@pytest.mark.parametrize("role", ["haizhou", "street", "county", "auditor", "admin"])
def test_every_role_reads_the_calendar(login, users, role):
    response = login(getattr(users, role)).get(PAGE, {"year": "2026"})
    assert response.status_code == 200
    view = response.context["view"]
    assert view.year == 2026 and view.covered and view.working_days == 248
    assert [d.date for d in view.days][:4] == [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3), D(2026, 1, 4)]
    october = view.months[9]
    cells = {day.date: day for week in october.weeks for day in week if day.in_month}
    assert cells[D(2026, 10, 10)].working and cells[D(2026, 10, 10)].kind == "workday"
    assert not cells[D(2026, 10, 1)].working and cells[D(2026, 10, 1)].name == "国庆节"
    assert not cells[D(2026, 10, 11)].working and cells[D(2026, 10, 11)].weekend
    assert october.working_days == 18  # 22 weekdays, 5 of them 国庆, and Saturday 10 October


def test_the_page_is_a_fixed_number_of_queries(login, users, django_assert_max_num_queries):
    client = login(users.county)
    with django_assert_max_num_queries(4):  # session, user, the user's area, and the calendar
        client.get(PAGE, {"year": "2026", "start": "2026-09-30", "n": "3"})


def test_the_counter_gives_the_due_date(login, users):
    response = login(users.haizhou).get(PAGE, {"year": "2026", "start": "2026-09-30", "n": "3"})
    due = response.context["due"]
    assert due.due == D(2026, 10, 10) and due.uncovered_years == []
    assert "2026-10-10" in response.content.decode()


def test_the_counter_warns_when_a_year_has_no_data(login, users):
    response = login(users.haizhou).get(PAGE, {"start": "2026-12-24", "n": "10"})
    assert response.context["due"].due == D(2027, 1, 7)  # 2027 by the weekend rule alone
    assert response.context["due"].uncovered_years == [2027]


def test_bad_counter_input_is_shown_not_counted(login, users):
    response = login(users.haizhou).get(PAGE, {"start": "2026-02-30", "n": "0"})
    assert response.status_code == 200 and response.context["due"] is None
    assert set(response.context["due_form"].errors) == {"start", "n"}


def test_a_year_without_data_is_flagged_and_a_bad_year_shows_this_year(login, users):
    client = login(users.haizhou)
    response = client.get(PAGE, {"year": "2031"})
    assert response.context["year"] == 2031 and not response.context["view"].covered
    assert response.context["view"].days == []
    assert client.get(PAGE, {"year": "x"}).context["year"] == timezone.localdate().year
    assert client.get(PAGE, {"year": "99999"}).context["year"] == timezone.localdate().year


def test_only_editors_get_the_form_and_the_remove_buttons(login, users):
    worker = login(users.haizhou).get(PAGE, {"year": "2026"})
    assert not worker.context["can_edit"] and worker.context["day_form"] is None
    assert SET not in worker.content.decode() and remove_url("2026-10-10") not in worker.content.decode()
    county = login(users.county).get(PAGE, {"year": "2026"})
    assert county.context["can_edit"] and SET in county.content.decode()
    assert remove_url("2026-10-10") in county.content.decode()


@pytest.mark.parametrize("role", ["haizhou", "street", "auditor"])
def test_readers_may_not_edit(login, users, role):
    client = login(getattr(users, role))
    assert client.post(SET, {"day": "2027-01-01", "kind": "holiday", "name": "元旦"}).status_code == 403
    assert client.post(remove_url("2026-10-10")).status_code == 403
    assert not CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    assert CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()


def test_county_adds_a_day(login, users):
    response = login(users.county).post(
        SET + "?year=2027", {"day": "2027-01-01", "kind": "holiday", "name": "元旦", "note": ""}
    )
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?year=2027"
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).name == "元旦"
    assert AuditEntry.objects.filter(object_type="workdays.calendarday", actor=users.county).exists()


def test_a_refused_day_is_shown_beside_its_input(login, users):
    response = login(users.county).post(
        SET + "?year=2027", {"day": "2027-01-04", "kind": "workday", "name": "元旦"}
    )
    assert response.status_code == 200 and list(response.context["day_form"].errors) == ["day"]
    assert response.context["year"] == 2027
    assert not CalendarDay.objects.filter(date=D(2027, 1, 4)).exists()


def test_admin_removes_a_day(login, users):
    client = login(users.admin)
    response = client.post(remove_url("2026-10-10"), follow=True)
    assert response.redirect_chain == [(f"{PAGE}?year=2026", 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
    # Removing it again: the reason is shown on the calendar, not an error page.
    again = client.post(remove_url("2026-10-10"), follow=True)
    assert again.status_code == 200 and [m.level_tag for m in again.context["messages"]] == ["error"]


def test_editing_takes_a_post(login, users):
    client = login(users.county)
    assert client.get(SET).status_code == 405
    assert client.get(remove_url("2026-10-10")).status_code == 405


def test_the_main_menu_links_the_calendar(login, users):
    response = login(users.haizhou).get(reverse("areas:area-list"))
    assert f'href="{PAGE}"' in response.content.decode()
    assert 'aria-current="page"' in login(users.haizhou).get(PAGE).content.decode()


def test_removing_a_date_that_is_not_one_is_a_message(login, users):
    response = login(users.admin).post(remove_url("2026-02-30"), follow=True)
    assert response.status_code == 200 and [m.level_tag for m in response.context["messages"]] == ["error"]
