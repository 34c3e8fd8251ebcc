"""Fewer clicks, fewer mistakes on a case: the checklist's materials ticked and saved at once, a
notice that returns to its case and is never dated before the acceptance, and a review or decision
without an economic check result that asks to be confirmed, with its reason kept."""

import pytest
from django.urls import reverse

from dibao.cases import services
from dibao.cases.checklist import REQUIRED
from dibao.cases.models import CaseEvent, Kind, Material, Notice, State
from dibao.core.errors import DomainError
from dibao.core.models import AuditEntry

from ..api_support import API, api_as
from .page_support import case_url, english, form_errors, fresh, post_step
from .support import application, checked, days_ago, papers_seen, standards

pytestmark = pytest.mark.django_db

NEW_NOTICE = reverse("cases:notice-create")


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def material_entries(app) -> int:
    return AuditEntry.objects.filter(object_type="cases.material", household_id=app.household_id).count()


# --- the checklist ----------------------------------------------------------------------------------


def test_six_materials_are_ticked_on_the_checklist_and_saved_in_one_post(login, areas, users):
    app = application(areas, users, until="submit")
    client = login(users.haizhou)
    form = client.get(case_url(app)).context["checklist_form"]
    required = list(REQUIRED[Kind.NEW])
    assert [value for value, _label in form.fields["kinds"].choices] == required
    response = client.post(reverse("cases:materials-check", args=[app.pk]), {"checklist-kinds": required})
    assert response.status_code == 302 and response.url == case_url(app)
    materials = Material.objects.filter(application=app)
    assert sorted(m.kind for m in materials) == sorted(required)
    assert all(m.seen_on_paper and m.added_by == users.haizhou for m in materials)
    # One entry on the timeline naming them all; one audit entry for each material.
    [entry] = CaseEvent.objects.filter(application=app, action="materials")
    assert entry.note.count("、") == len(required) - 1
    assert material_entries(app) == len(required)
    # Nothing is missing any more: the checklist is not offered again, and the case can be accepted.
    assert client.get(case_url(app)).context["checklist_form"] is None
    services.transition(application=app, step="accept", actor=users.haizhou)
    assert fresh(app).state == State.ACCEPTED


def test_what_the_case_holds_is_ticked_and_not_added_twice(login, areas, users):
    app = application(areas, users, until="submit")
    services.material_add(application=app, kind="hukou", seen_on_paper=True, actor=users.haizhou)
    client = login(users.haizhou)
    page = client.get(case_url(app)).content.decode()
    hukou = page[page.index('name="checklist-kinds" value="hukou"') :].split(">", 1)[0]
    assert "checked" in hukou and "disabled" in hukou
    client.post(reverse("cases:materials-check", args=[app.pk]), {"checklist-kinds": ["hukou", "id_cards"]})
    assert sorted(Material.objects.filter(application=app).values_list("kind", flat=True)) == [
        "hukou",
        "id_cards",
    ]


def test_nothing_ticked_is_refused_beside_the_checklist(login, areas, users):
    app = application(areas, users, until="submit")
    response = english(login(users.haizhou)).post(reverse("cases:materials-check", args=[app.pk]), {})
    assert response.status_code == 200
    assert form_errors(response, "checklist") == ["Tick the materials seen on paper."]
    assert not Material.objects.exists()


def test_the_checklist_is_refused_outside_the_area_and_on_a_closed_case(login, areas, users):
    app = application(areas, users, until="submit")
    url = reverse("cases:materials-check", args=[app.pk])
    assert login(users.liubeiqiao).post(url, {"checklist-kinds": ["hukou"]}).status_code == 404
    services.transition(application=app, step="withdraw", actor=users.haizhou)
    with pytest.raises(DomainError):
        services.materials_check(application=app, kinds=["hukou"], actor=users.haizhou)
    assert not Material.objects.exists()


def test_the_checklist_is_shown_only_before_acceptance(login, areas, users):
    app = application(areas, users, until="accept")
    assert login(users.haizhou).get(case_url(app)).context["checklist_form"] is None


# --- the notice -------------------------------------------------------------------------------------


def test_a_notice_posted_from_a_case_returns_to_the_case(login, areas, users):
    first = application(areas, users, until="investigate")
    application(areas, users, until="investigate")
    client = login(users.haizhou)
    url = f"{NEW_NOTICE}?community={areas.haizhou.code}&application={first.pk}"
    response = client.post(url, {"applications": [first.pk], "posted_on": days_ago(1).isoformat()})
    assert response.status_code == 302 and response.url == case_url(first)
    # The case page's button leads there with the case named.
    page = client.get(case_url(application(areas, users, until="investigate"))).content.decode()
    assert "&amp;application=" in page


def test_a_notice_dated_before_the_acceptance_is_refused_on_its_date(login, areas, users):
    app = application(areas, users, until="investigate")  # accepted ten days ago
    response = login(users.haizhou).post(
        NEW_NOTICE, {"applications": [app.pk], "posted_on": days_ago(11).isoformat()}
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["posted_on"]
    assert "公示日期" in message and f"{days_ago(10):%Y-%m-%d}" in message
    assert not Notice.objects.exists() and fresh(app).state == State.INVESTIGATED


def test_the_api_refuses_a_notice_dated_before_the_acceptance_too(areas, users):
    app = application(areas, users, until="investigate")
    response = api_as(users.haizhou).post(
        f"{API}/notices/",
        {"applications": [app.pk], "posted_on": days_ago(11).isoformat(), "mask_given_names": True},
    )
    assert response.status_code == 400 and "posted_on" in response.json()["errors"]
    assert not Notice.objects.exists()


# --- without an economic check result ---------------------------------------------------------------


def test_the_street_confirms_a_review_without_a_check_result_and_its_reason_is_kept(login, areas, users):
    app = application(areas, users, until="close_notice", check=False)
    client = login(users.street)
    form = next(p.form for p in client.get(case_url(app)).context["steps"] if p.step.name == "review")
    assert {"without_check", "without_check_reason"} <= set(form.fields)
    response = post_step(english(client), app, "review", opinion="同意")
    assert response.status_code == 200
    errors = form_errors(response, "step:review")
    assert any("No economic check result" in e for e in errors)
    assert fresh(app).state == State.NOTICE_CLOSED
    response = post_step(
        client,
        app,
        "review",
        opinion="同意",
        without_check="on",
        without_check_reason="核对中心系统故障，已电话核实",
    )
    assert response.status_code == 302 and fresh(app).state == State.REVIEWED
    event = CaseEvent.objects.get(application=app, action="without_check")
    assert event.note == "核对中心系统故障，已电话核实" and event.data == {"step": "review"}
    entry = (
        AuditEntry.objects.filter(object_type="cases.application", object_id=str(app.pk))
        .order_by("id")
        .last()
    )
    assert entry.after == {"without_check_reason": "核对中心系统故障，已电话核实", "step": "review"}


def test_a_case_with_a_check_result_is_decided_without_the_question(login, areas, users):
    app = application(areas, users, until="review")
    client = login(users.county)
    form = next(p.form for p in client.get(case_url(app)).context["steps"] if p.step.name == "approve")
    assert "without_check" not in form.fields
    services.transition(application=app, step="approve", actor=users.county)
    assert not CaseEvent.objects.filter(application=app, action="without_check").exists()


def test_the_county_approval_asks_too_and_the_api_refuses_without_a_reason(areas, users):
    app = application(areas, users, until="close_notice", check=False)
    services.transition(
        application=app,
        step="review",
        data={"opinion": "同意", "without_check": True, "without_check_reason": "已电话核实"},
        actor=users.street,
    )
    app = fresh(app)
    county = api_as(users.county)
    url = f"{API}/applications/{app.pk}/approve/"
    refused = county.post(url, {"version": app.version, "without_check": True})
    assert refused.status_code == 400 and refused.json()["code"] == "check_missing"
    assert set(refused.json()["errors"]) == {"without_check_reason"}
    checked(app, users.haizhou)  # once a result is recorded the question is gone
    assert county.post(url, {"version": app.version}).status_code == 200


def test_help_first_is_never_asked_about_the_check(areas, users):
    app = application(areas, users, until="submit", kind="fast_track")
    papers_seen(app, users.haizhou)
    services.transition(application=app, step="approve", data={"amount": "800"}, actor=users.county)
    assert fresh(app).state == State.APPROVED


# --- the list of notices ----------------------------------------------------------------------------


def test_the_notice_list_names_the_heads_and_filters_by_community(
    login, areas, users, django_assert_max_num_queries
):
    app = application(areas, users, until="post_notice")
    head = app.household.members.get(relation="self")
    client = login(users.street)
    notices_url = reverse("cases:notice-list")
    page = client.get(notices_url)
    [notice] = page.context["notices"]
    assert [a.head_name for a in notice.applications.all()] == [head.name]
    assert head.name in page.content.decode() and page.context["community_form"].shown
    assert list(client.get(notices_url, {"community": areas.haiyue.code}).context["notices"]) == []
    assert len(client.get(notices_url, {"community": areas.haizhou.code}).context["notices"]) == 1
    for _ in range(3):
        application(areas, users, until="post_notice")
    with django_assert_max_num_queries(12):
        client.get(notices_url)
    assert not login(users.haizhou).get(notices_url).context["community_form"].shown
