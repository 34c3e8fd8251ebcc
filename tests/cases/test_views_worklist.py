"""The worklist (what waits for me) and the due list: scoping, filters, deadlines, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dibao.cases import services
from dibao.cases.models import Application

from .support import application, standards

pytestmark = pytest.mark.django_db

WORKLIST = reverse("cases:worklist")
DUE = reverse("cases:due")


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def listed(response) -> list[int]:
    return [row.application.pk for row in response.context["rows"]]


def due_on(app: Application, days: int) -> Application:
    """Move the deadline `days` from today (negative: in the past)."""
    Application.objects.filter(pk=app.pk).update(due_on=timezone.localdate() + datetime.timedelta(days=days))
    return Application.objects.get(pk=app.pk)


def test_each_role_sees_what_waits_for_it(login, areas, users):
    submitted = application(areas, users, until="submit")
    reviewed = application(areas, users, until="review")
    assert set(listed(login(users.haizhou).get(WORKLIST))) == {submitted.pk}
    # reviewed cases wait for the street too: it decides where the county delegated (selectors)
    assert set(listed(login(users.street).get(WORKLIST))) == {submitted.pk, reviewed.pk}
    assert listed(login(users.county).get(WORKLIST)) == [reviewed.pk]
    assert listed(login(users.liubeiqiao).get(WORKLIST)) == []


def test_an_auditor_reads_every_application_of_the_area(login, areas, users):
    apps = [application(areas, users, until=until) for until in ("draft", "review")]
    response = login(users.auditor).get(WORKLIST)
    assert set(listed(response)) == {a.pk for a in apps}
    assert response.context["form"]["show"].value() == "all"


def test_filters_by_state_and_kind_and_shows_all(login, areas, users):
    draft = application(areas, users)
    fast = application(areas, users, until="submit", kind="fast_track")
    reviewed = application(areas, users, until="review")
    client = login(users.haizhou)
    assert listed(client.get(WORKLIST, {"state": "submitted"})) == [fast.pk]
    assert listed(client.get(WORKLIST, {"kind": "fast_track"})) == [fast.pk]
    assert listed(client.get(WORKLIST, {"kind": "new", "state": "draft"})) == [draft.pk]
    assert reviewed.pk not in listed(client.get(WORKLIST))  # nothing waits for the worker there
    assert listed(client.get(WORKLIST, {"show": "all", "state": "reviewed"})) == [reviewed.pk]
    wrong = client.get(WORKLIST, {"state": "nonsense"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["state"]


def test_rows_link_to_the_case_and_mark_overdue_and_due_soon(login, areas, users):
    late = due_on(application(areas, users, until="accept"), -3)
    soon = due_on(application(areas, users, until="accept"), 1)
    later = due_on(application(areas, users, until="accept"), 60)
    response = login(users.haizhou).get(WORKLIST)
    marks = {row.application.pk: row.urgency for row in response.context["rows"]}
    assert marks == {late.pk: "overdue", soon.pk: "due-soon", later.pk: ""}
    assert listed(response) == [late.pk, soon.pk, later.pk]  # the most urgent first
    page = response.content.decode()
    assert f'<tr class="overdue" id="application-{late.pk}">' in page
    assert f'<tr class="due-soon" id="application-{soon.pk}">' in page
    assert reverse("cases:case-detail", args=[later.pk]) in page


def test_the_worklist_pages_by_twenty_five(login, areas, users):
    for _ in range(27):
        application(areas, users, income="")
    client = login(users.haizhou)
    first = client.get(WORKLIST)
    assert len(listed(first)) == 25 and first.context["applications"].paginator.count == 27
    assert len(listed(client.get(WORKLIST, {"page": 2}))) == 2


@pytest.mark.parametrize("count", [2, 30])
def test_the_worklist_runs_a_bounded_number_of_queries(
    login, areas, users, count, django_assert_max_num_queries
):
    for _ in range(count):
        application(areas, users, until="accept", income="")
    client = login(users.haizhou)
    # session, user, area, count, page (with community and household), the working-day calendar
    with django_assert_max_num_queries(7):
        response = client.get(WORKLIST, {"state": "accepted", "kind": "new"})
    assert len(listed(response)) == min(count, 25)


@pytest.mark.parametrize("role", ["haizhou", "street", "county", "auditor"])
def test_the_due_page_lists_overdue_in_red_and_due_soon(login, areas, users, role):
    late = due_on(application(areas, users, until="accept"), -2)
    soon = due_on(application(areas, users, until="accept"), 0)
    due_on(application(areas, users, until="accept"), 60)
    done = due_on(application(areas, users, until="accept"), -5)
    services.transition(application=done, step="withdraw", actor=users.haizhou)
    response = login(getattr(users, role)).get(DUE)
    assert [a.pk for a in response.context["overdue"]] == [late.pk]
    assert [a.pk for a in response.context["due_soon"]] == [soon.pk]
    page = response.content.decode()
    assert '<td class="num due overdue">' in page and '<td class="num due due-soon">' in page


def test_the_due_page_is_scoped(login, areas, users):
    due_on(application(areas, users, until="accept"), -2)
    response = login(users.liubeiqiao).get(DUE)
    assert response.context["overdue"] == [] and response.context["due_soon"] == []
    assert login(users.admin).get(DUE).status_code == 403


def test_the_main_menu_links_the_applications_for_case_roles_only(login, areas, users):
    link = f'href="{WORKLIST}"'
    assert link in login(users.auditor).get(reverse("registry:household-list")).content.decode()
    assert link not in login(users.admin).get(reverse("registry:household-list")).content.decode()
