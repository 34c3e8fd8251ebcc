"""Each step of the workflow through its form on the case page; refusals change nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dibao.benefits.models import Entitlement
from dibao.cases import services
from dibao.cases.models import CaseEvent, State
from dibao.core.models import AuditEntry

from .page_support import case_url, english, form_errors, fresh, post_step, prefixed, refused, step_url
from .support import application, days_ago, papers_seen, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def assert_went_to_case(response, app):
    assert response.status_code == 302 and response.url == case_url(app), getattr(response, "context", None)


def unchanged(app, before):
    """The application, its timeline and the audit trail are as they were."""
    after = fresh(app)
    assert (after.state, after.version) == (before.state, before.version)
    assert CaseEvent.objects.filter(application=app).count() == before.events_count
    assert AuditEntry.objects.count() == before.audit_count


def snapshot(app):
    app = fresh(app)
    app.events_count = CaseEvent.objects.filter(application=app).count()
    app.audit_count = AuditEntry.objects.count()
    return app


def test_submit_then_accept_through_their_forms(login, areas, users):
    app = application(areas, users)
    client = login(users.haizhou)
    assert_went_to_case(post_step(client, app, "submit", note="材料齐全"), app)
    app = fresh(app)
    assert app.state == State.SUBMITTED and app.household.status == "applying"
    assert CaseEvent.objects.get(application=app, action="submit").note == "材料齐全"
    answer = post_step(client, app, "accept", accepted_on=days_ago(1).isoformat())
    assert fresh(app).state == State.SUBMITTED and "申请书" in answer.content.decode()
    papers_seen(app, users.haizhou)
    assert_went_to_case(post_step(client, fresh(app), "accept", accepted_on=days_ago(1).isoformat()), app)
    app = fresh(app)
    assert app.state == State.ACCEPTED and app.accepted_on == days_ago(1) and app.due_on


def test_return_with_the_checked_missing_materials(login, areas, users):
    app = application(areas, users, until="submit")
    client = login(users.street)
    assert_went_to_case(post_step(client, app, "return", missing=["hukou", "id_cards"]), app)
    assert fresh(app).state == State.RETURNED
    assert CaseEvent.objects.get(application=app, action="return").data == {"missing": ["hukou", "id_cards"]}


def test_return_without_any_missing_material_is_refused_and_changes_nothing(login, areas, users):
    app = application(areas, users, until="submit")
    before = snapshot(app)
    response = post_step(english(login(users.haizhou)), app, "return")
    assert response.status_code == 200
    assert form_errors(response, "step:return") == ["List every missing material, at once."]
    unchanged(app, before)


def test_investigation_done_only_after_an_investigation_by_two(login, areas, users):
    app = application(areas, users, until="accept")
    client = english(login(users.haizhou))
    before = snapshot(app)
    response = post_step(client, app, "investigate")
    assert "at least two investigators" in " ".join(form_errors(response, "step:investigate"))
    unchanged(app, before)
    response = client.post(
        reverse("cases:investigation-add", args=[app.pk]),
        prefixed(
            "investigation",
            {
                "visited_on": days_ago(2).isoformat(),
                "investigators": "张明，李华",
                "housing": "两居室，约50平方米",
                "furniture_and_appliances": "旧电视一台",
                "neighbours": "邻居称家中无固定收入",
                "members_statement": "户主失业",
                "conclusion": "情况属实",
                "signed_by_investigators": "on",
                "signed_by_members": "on",
            },
        ),
    )
    assert_went_to_case(response, app)
    visit = app.investigations.get()
    assert (
        visit.investigators == ["张明", "李华"] and visit.signed_by_investigators and visit.signed_by_members
    )
    assert visit.housing == "两居室，约50平方米"
    assert_went_to_case(post_step(client, fresh(app), "investigate"), app)
    assert fresh(app).state == State.INVESTIGATED


def test_an_objection_during_the_notice_sends_the_case_back(login, areas, users):
    app = application(areas, users, until="post_notice")
    client = login(users.haizhou)
    response = post_step(
        client, app, "object", raised_by="邻居王某", content="家中有车", received_on=days_ago(1)
    )
    assert_went_to_case(response, app)
    app = fresh(app)
    objection = app.objections.get()
    assert (
        app.state == State.ACCEPTED
        and objection.raised_by == "邻居王某"
        and objection.received_on == days_ago(1)
    )
    page = client.get(case_url(app))
    assert form_errors(page, f"resolve:{objection.pk}") == []  # offered, with no errors yet


def test_close_the_notice_then_the_street_reviews(login, areas, users):
    app = application(areas, users, until="post_notice")
    assert_went_to_case(post_step(login(users.haizhou), app, "close_notice"), app)
    app = fresh(app)
    assert app.state == State.NOTICE_CLOSED
    assert_went_to_case(post_step(login(users.street), app, "review", opinion="经审核，同意"), app)
    assert fresh(app).state == State.REVIEWED
    assert CaseEvent.objects.get(application=app, action="review").note == "经审核，同意"


def test_the_review_needs_the_streets_opinion(login, areas, users):
    app = application(areas, users, until="close_notice")
    before = snapshot(app)
    response = post_step(english(login(users.street)), app, "review", opinion="  ")
    assert form_errors(response, "step:review") == ["Write the street's opinion."]
    unchanged(app, before)


def test_the_county_approves_with_the_prefilled_amount(login, areas, users):
    app = application(areas, users, until="review")
    client = login(users.county)
    form = next(p.form for p in client.get(case_url(app)).context["steps"] if p.step.name == "approve")
    response = post_step(
        client, app, "approve", amount=form["amount"].value(), start_month=form["start_month"].value()
    )
    assert_went_to_case(response, app)
    app = fresh(app)
    assert app.state == State.APPROVED and app.amount == Decimal("480.00") and not app.override_reason
    assert app.household.status == "receiving"
    assert Entitlement.objects.get(household=app.household).amount == Decimal("480.00")


def test_another_amount_needs_its_reason_beside_the_input(login, areas, users):
    app = application(areas, users, until="review")
    client = english(login(users.county))
    before = snapshot(app)
    response = post_step(client, app, "approve", amount="500")
    assert response.status_code == 200
    form = next(p.form for p in response.context["steps"] if p.step.name == "approve")
    assert "needs a written reason" in form.errors["override_reason"][0]
    assert form["amount"].value() == "500"  # what was typed is kept
    unchanged(app, before)
    response = post_step(client, app, "approve", amount="500", override_reason="家庭成员重病")
    assert_went_to_case(response, app)
    assert fresh(app).amount == Decimal("500.00")


def test_the_county_rejects_with_reasons(login, areas, users):
    app = application(areas, users, until="review", income="3000")
    client = english(login(users.county))
    before = snapshot(app)
    response = post_step(client, app, "approve")
    assert "not eligible" in " ".join(form_errors(response, "step:approve"))
    unchanged(app, before)
    assert_went_to_case(post_step(client, app, "reject", reasons="人均收入高于低保标准"), app)
    app = fresh(app)
    assert app.state == State.REJECTED and app.rejection_reasons == "人均收入高于低保标准"


def test_withdraw(login, areas, users):
    app = application(areas, users, until="accept")
    assert_went_to_case(post_step(login(users.haizhou), app, "withdraw", note="本人撤回"), app)
    app = fresh(app)
    assert app.state == State.WITHDRAWN and app.household.status == "registered"


def test_fast_track_is_approved_with_its_one_off_amount(login, areas, users):
    app = application(areas, users, until="submit", kind="fast_track")
    client = login(users.county)
    form = next(p.form for p in client.get(case_url(app)).context["steps"] if p.step.name == "approve")
    assert sorted(form.fields) == ["amount", "note", "version"]
    assert_went_to_case(post_step(client, app, "approve", amount="800"), app)
    assert fresh(app).amount == Decimal("800.00")


def test_a_stale_version_shows_the_message_and_changes_nothing(login, areas, users):
    app = application(areas, users, until="review")
    seen = app.version
    services.transition(application=app, step="reject", data={"reasons": "x"}, actor=users.county)
    app = fresh(app)
    before = snapshot(app)
    response = post_step(english(login(users.county)), app, "approve", version=seen)
    assert response.status_code == 200
    # The case moved on (rejected): the refused step is no longer offered, its message is on top.
    assert refused(response) == ["Someone else changed this application meanwhile; reload it and try again."]
    assert "Someone else changed this application" in response.content.decode()
    unchanged(app, before)


def test_a_stale_version_on_a_step_still_offered_keeps_the_form(login, areas, users):
    app = application(areas, users, until="accept")
    services.verification_add(
        application=app,
        data={"kind": "vehicle", "description": "无车辆", "source": "公安"},
        actor=users.county,
    )
    app = fresh(app)
    before = snapshot(app)
    response = post_step(english(login(users.haizhou)), app, "withdraw", version=app.version - 1, note="撤回")
    assert form_errors(response, "step:withdraw") == [
        "Someone else changed this application meanwhile; reload it and try again."
    ]
    unchanged(app, before)


def test_a_form_without_the_version_is_refused(login, areas, users):
    app = application(areas, users, until="submit")
    before = snapshot(app)
    response = english(login(users.haizhou)).post(step_url(app, "accept"), {"accept-note": "x"})
    assert form_errors(response, "step:accept") == ["The page is out of date; reload it and try again."]
    unchanged(app, before)


def test_a_step_in_the_wrong_state_is_refused_and_changes_nothing(login, areas, users):
    app = application(areas, users, until="accept")
    before = snapshot(app)
    response = post_step(english(login(users.haizhou)), app, "close_notice")
    assert "cannot be done while the application is Accepted" in refused(response)[0]
    unchanged(app, before)


@pytest.mark.parametrize(("who", "status"), [("haizhou", 403), ("auditor", 403), ("liubeiqiao", 404)])
def test_a_step_by_a_role_or_area_that_may_not_take_it(login, areas, users, who, status):
    app = application(areas, users, until="review")
    before = snapshot(app)
    assert post_step(login(getattr(users, who)), app, "approve").status_code == status
    unchanged(app, before)


def test_unknown_steps_and_the_notice_step_have_no_form_here(login, areas, users):
    app = application(areas, users, until="investigate")
    client = login(users.haizhou)
    assert post_step(client, app, "fly").status_code == 404
    assert post_step(client, app, "post_notice").status_code == 404
    panel = next(p for p in client.get(case_url(app)).context["steps"] if p.step.name == "post_notice")
    assert panel.form is None and panel.url.startswith(reverse("cases:notice-create"))


def test_a_get_of_a_step_address_goes_back_to_the_case(login, areas, users):
    app = application(areas, users, until="submit")
    assert_went_to_case(login(users.haizhou).get(step_url(app, "accept")), app)
    assert fresh(app).state == State.SUBMITTED


def test_the_street_or_county_extends_the_deadline_once(login, areas, users):
    app = application(areas, users, until="accept")
    due = app.due_on
    url = reverse("cases:deadline-extend", args=[app.pk])
    assert (
        login(users.haizhou)
        .post(url, prefixed("extend", {"version": app.version, "reason": "x"}))
        .status_code
        == 403
    )
    client = english(login(users.street))
    response = client.post(url, prefixed("extend", {"version": app.version - 1, "reason": "需补充核对"}))
    assert "Someone else changed" in form_errors(response, "extend")[0]
    assert fresh(app).due_on == due
    response = client.post(url, prefixed("extend", {"version": app.version, "reason": "需补充核对"}))
    assert_went_to_case(response, app)
    app = fresh(app)
    assert app.extended and app.due_on > due and app.extension_reason == "需补充核对"
    assert client.get(case_url(app)).context["extend_form"] is None  # once only
