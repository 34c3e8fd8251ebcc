"""The application workflow: every step in order, by the roles that may take it, all recorded."""

from decimal import Decimal

import pytest
from django.utils import translation

from dibao.benefits.models import Entitlement
from dibao.cases import services
from dibao.cases.models import Application, CaseEvent, State
from dibao.core.errors import DomainError, Forbidden
from dibao.core.models import AuditEntry
from dibao.policy.services import rules_set

from .support import application, checked, days_ago, papers_seen, standards


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def test_from_submission_to_approval(areas, users):
    app = application(areas, users, until="review")
    assert app.state == State.REVIEWED
    assert app.household.status == "applying"
    assert app.accepted_on is not None and app.due_on > app.accepted_on
    services.transition(application=app, step="approve", actor=users.county, version=app.version)
    app.refresh_from_db()
    assert app.state == State.APPROVED
    assert (app.amount, app.assessed_amount) == (Decimal("480.00"), Decimal("480.00"))
    assert app.start_month.day == 1 and app.explanation
    entitlement = Entitlement.objects.get(household=app.household)
    assert (entitlement.amount, entitlement.month_from, entitlement.reason) == (
        Decimal("480.00"),
        app.start_month,
        "approval",
    )
    app.household.refresh_from_db()
    assert app.household.status == "receiving"
    steps = list(CaseEvent.objects.filter(application=app).values_list("action", flat=True))
    assert steps == [
        "create",
        "submit",
        *["material"] * 6,  # the checklist, each paper seen
        "accept",
        "verification",
        "investigation",
        "investigate",
        "post_notice",
        "close_notice",
        "review",
        "approve",
    ]
    assert AuditEntry.objects.filter(object_type="cases.application", object_id=str(app.pk)).count() == 8


def test_a_step_out_of_order_is_refused_and_changes_nothing(areas, users):
    app = application(areas, users, until="accept")
    events = CaseEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        services.transition(application=app, step="approve", actor=users.county)
    assert caught.value.code == "wrong_state"
    app.refresh_from_db()
    assert app.state == State.ACCEPTED and CaseEvent.objects.count() == events


@pytest.mark.parametrize(
    ("step", "who"),
    [("approve", "haizhou"), ("approve", "street"), ("review", "haizhou"), ("review", "county")],
)
def test_a_role_that_may_not_take_the_step_is_refused(areas, users, step, who):
    app = application(areas, users, until="review" if step == "approve" else "close_notice")
    with pytest.raises(Forbidden):
        services.transition(application=app, step=step, data={"opinion": "同意"}, actor=getattr(users, who))
    assert Application.objects.get(pk=app.pk).state == app.state


def test_the_street_decides_where_the_county_delegated_but_not_for_a_close_relative(areas, users):
    rules_set(area=areas.county, data={"valid_from": "2020-01", "street_decides": True}, actor=None)
    app = application(areas, users, until="review")
    services.transition(application=app, step="approve", actor=users.street)
    assert Application.objects.get(pk=app.pk).state == State.APPROVED
    other = application(areas, users, until="draft")
    head = other.household.members.get(relation="self")
    services.close_relative_add(
        county=areas.county,
        data={
            "staff_name": "王主任",
            "staff_position": "社区主任",
            "relative_name": head.name,
            "relative_id_number": head.id_number,
            "relation": "sibling",
        },
        actor=users.county,
    )
    other.refresh_from_db()
    assert other.close_relative
    for step in ("submit", "accept"):
        if step == "accept":
            papers_seen(other, users.haizhou)
        services.transition(application=other, step=step, actor=users.haizhou)
    other.refresh_from_db()
    assert other.close_relative  # flagged again at submission from the register


def test_a_close_relative_found_at_submission_needs_the_county(areas, users):
    rules_set(area=areas.county, data={"valid_from": "2020-01", "street_decides": True}, actor=None)
    from tests.factories import make_household

    household = make_household(areas.haizhou, users.haizhou)
    head = household.members.get()
    services.close_relative_add(
        county=areas.county,
        data={
            "staff_name": "王主任",
            "staff_position": "社区主任",
            "relative_name": head.name,
            "relative_id_number": head.id_number,
            "relation": "child",
        },
        actor=users.county,
    )
    app = services.application_create(household=household, data={}, actor=users.haizhou)
    services.transition(application=app, step="submit", actor=users.haizhou)
    app.refresh_from_db()
    assert app.close_relative
    assert CaseEvent.objects.filter(application=app, action="submit").get().data["close_relatives"]


def test_two_deciders_at_once_one_succeeds_the_other_is_told(areas, users):
    app = application(areas, users, until="review")
    seen = app.version
    services.transition(application=app, step="approve", actor=users.county, version=seen)
    with pytest.raises(DomainError) as caught, translation.override("en"):
        services.transition(
            application=app, step="reject", data={"reasons": "x"}, actor=users.county, version=seen
        )
    with translation.override("en"):
        assert caught.value.code == "stale" and "changed" in str(caught.value)
    assert Application.objects.get(pk=app.pk).state == State.APPROVED


def test_returned_with_the_one_time_list_of_missing_materials(areas, users):
    app = application(areas, users, until="submit")
    with pytest.raises(DomainError):
        services.transition(application=app, step="return", data={"missing": []}, actor=users.haizhou)
    services.transition(
        application=app, step="return", data={"missing": ["hukou", "income_proof"]}, actor=users.haizhou
    )
    event = CaseEvent.objects.filter(application=app, action="return").get()
    assert event.data == {"missing": ["hukou", "income_proof"]}
    services.transition(application=app, step="submit", actor=users.haizhou)
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


def test_an_investigation_needs_two_investigators(areas, users):
    app = application(areas, users, until="accept")
    with pytest.raises(DomainError) as caught:
        services.investigation_record(
            application=app,
            data={"visited_on": days_ago(1).isoformat(), "investigators": "张明"},
            actor=users.haizhou,
        )
    assert "investigators" in caught.value.errors
    with pytest.raises(DomainError):
        services.transition(application=app, step="investigate", actor=users.haizhou)


def test_no_decision_before_the_notice_has_ended(areas, users):
    app = application(areas, users, until="investigate")
    services.notice_post(
        applications=[app], posted_on=days_ago(2), mask_given_names=True, actor=users.haizhou
    )
    with pytest.raises(DomainError) as caught, translation.override("en"):
        services.transition(application=app, step="close_notice", actor=users.haizhou)
    with translation.override("en"):
        assert "not ended" in str(caught.value)


def test_an_objection_reopens_the_investigation_and_blocks_until_resolved(areas, users):
    app = application(areas, users, until="post_notice")
    services.transition(
        application=app, step="object", data={"raised_by": "邻居", "content": "家中有车"}, actor=users.haizhou
    )
    app.refresh_from_db()
    assert app.state == State.ACCEPTED
    with pytest.raises(DomainError):
        services.transition(application=app, step="investigate", actor=users.haizhou)
    objection = app.objections.get()
    services.objection_resolve(objection=objection, resolution="核实车辆已于2019年转让", actor=users.haizhou)
    services.transition(application=app, step="investigate", actor=users.haizhou)
    services.notice_post(
        applications=[app], posted_on=days_ago(8), mask_given_names=True, actor=users.haizhou
    )
    services.transition(application=app, step="close_notice", actor=users.haizhou)
    assert Application.objects.get(pk=app.pk).state == State.NOTICE_CLOSED


def test_where_the_policy_requires_appraisal_it_comes_before_the_notice(areas, users):
    rules_set(area=areas.county, data={"valid_from": "2020-01", "appraisal_required": True}, actor=None)
    app = application(areas, users, until="investigate")
    with pytest.raises(DomainError):
        services.notice_post(
            applications=[app], posted_on=days_ago(8), mask_given_names=True, actor=users.haizhou
        )
    panel = [
        services.panel_member_add(
            community=areas.haizhou, data={"name": n, "term_from": "2020-01-01"}, actor=users.haizhou
        )
        for n in ("甲", "乙", "丙")
    ]
    opinion = {"application": app.pk, "opinion": "agree", "votes_for": 2, "votes_against": 0}
    with pytest.raises(DomainError) as caught:
        services.appraisal_record(
            community=areas.haizhou,
            held_on=days_ago(9),
            present=[panel[0].pk],
            minutes="",
            opinions=[opinion],
            actor=users.haizhou,
        )
    assert "present" in caught.value.errors  # 1 of 3 is not two thirds
    services.appraisal_record(
        community=areas.haizhou,
        held_on=days_ago(9),
        present=[p.pk for p in panel[:2]],
        minutes="一致同意",
        opinions=[opinion],
        actor=users.haizhou,
    )
    services.transition(application=app, step="appraise", actor=users.haizhou)
    services.notice_post(
        applications=[app], posted_on=days_ago(8), mask_given_names=True, actor=users.haizhou
    )
    assert Application.objects.get(pk=app.pk).state == State.UNDER_NOTICE


def test_a_different_amount_needs_a_written_reason(areas, users):
    app = application(areas, users, until="review")
    with pytest.raises(DomainError) as caught:
        services.transition(application=app, step="approve", data={"amount": "500"}, actor=users.county)
    assert "override_reason" in caught.value.errors
    services.transition(
        application=app,
        step="approve",
        data={"amount": "500", "override_reason": "家庭成员重病，经研究提高"},
        actor=users.county,
    )
    app.refresh_from_db()
    assert (app.amount, app.assessed_amount) == (Decimal("500.00"), Decimal("480.00"))
    assert Entitlement.objects.get(household=app.household).amount == Decimal("500.00")


def test_an_ineligible_household_cannot_be_approved_only_rejected_with_reasons(areas, users):
    app = application(areas, users, until="review", income="3000")
    with pytest.raises(DomainError):
        services.transition(application=app, step="approve", actor=users.county)
    with pytest.raises(DomainError) as caught:
        services.transition(application=app, step="reject", data={"reasons": " "}, actor=users.county)
    assert "reasons" in caught.value.errors
    services.transition(
        application=app, step="reject", data={"reasons": "人均收入高于低保标准"}, actor=users.county
    )
    app.refresh_from_db()
    assert app.state == State.REJECTED and app.rejection_reasons
    assert app.household.status == "registered"
    assert not Entitlement.objects.exists()


def test_withdrawn_before_a_decision(areas, users):
    app = application(areas, users, until="accept")
    services.transition(application=app, step="withdraw", data={"note": "本人撤回"}, actor=users.haizhou)
    app.refresh_from_db()
    assert app.state == State.WITHDRAWN and app.household.status == "registered"
    with pytest.raises(DomainError):
        services.transition(application=app, step="withdraw", actor=users.haizhou)


def test_one_application_in_progress_per_household(areas, users):
    app = application(areas, users, until="submit")
    with pytest.raises(DomainError) as caught:
        services.application_create(household=app.household, data={}, actor=users.haizhou)
    assert "household" in caught.value.errors


def test_the_deadline_is_extended_once_with_a_reason(areas, users):
    app = application(areas, users, until="accept")
    due = app.due_on
    with pytest.raises(Forbidden):
        services.deadline_extend(application=app, reason="需补充核对", actor=users.haizhou)
    with pytest.raises(DomainError):
        services.deadline_extend(application=app, reason="", actor=users.street)
    app = services.deadline_extend(application=app, reason="需补充核对", actor=users.street)
    assert app.due_on > due and app.extended
    with pytest.raises(DomainError):
        services.deadline_extend(application=app, reason="再次", actor=users.street)


def test_fast_track_is_decided_first(areas, users):
    app = application(areas, users, until="submit", kind="fast_track")
    services.transition(application=app, step="approve", data={"amount": "800"}, actor=users.county)
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.amount == Decimal("800.00")
    assert not Entitlement.objects.exists()  # a one-off payment, not a monthly benefit


def test_a_worker_of_another_community_does_not_find_the_case(areas, users):
    from dibao.core.errors import NotFound

    app = application(areas, users, until="submit")
    with pytest.raises(NotFound):
        services.transition(application=app, step="accept", actor=users.liubeiqiao)


def test_single_person_inclusion_is_assessed_alone(areas, users):
    from dibao.registry.services import income_add, member_add
    from tests.factories import make_household, member_data

    household = make_household(areas.haizhou, users.haizhou)
    disabled = member_add(
        household=household,
        data=member_data(
            relation="child", disability_type="limb", disability_grade=1, labour_capacity="none"
        ),
        actor=users.haizhou,
    )
    income_add(
        household=household,
        data={"kind": "wage", "amount": "700", "month_from": "2020-01"},
        actor=users.haizhou,
    )
    app = services.application_create(
        household=household, data={"kind": "single", "single_member": disabled.pk}, actor=users.haizhou
    )
    assert app.single_member == disabled
    services.transition(application=app, step="submit", actor=users.haizhou)
    papers_seen(app, users.haizhou)
    services.transition(
        application=app, step="accept", data={"accepted_on": days_ago(10).isoformat()}, actor=users.haizhou
    )
    checked(app, users.haizhou)
    services.investigation_record(
        application=app,
        data={"visited_on": days_ago(20).isoformat(), "investigators": ["张明", "李华"]},
        actor=users.haizhou,
    )
    services.transition(application=app, step="investigate", actor=users.haizhou)
    services.notice_post(
        applications=[app], posted_on=days_ago(10), mask_given_names=True, actor=users.haizhou
    )
    services.transition(application=app, step="close_notice", actor=users.haizhou)
    services.transition(application=app, step="review", data={"opinion": "同意单人保"}, actor=users.street)
    services.transition(application=app, step="approve", actor=users.county)
    entitlement = Entitlement.objects.get(household=household)
    # household per-capita income 350 is below 1.5 × 360; the disabled son alone has no income
    assert (entitlement.persons, entitlement.amount, entitlement.single_member) == (
        1,
        Decimal("360.00"),
        disabled,
    )


def test_acceptance_needs_every_required_material(areas, users):
    app = application(areas, users, until="submit")
    services.material_add(application=app, kind="application_form", seen_on_paper=True, actor=users.haizhou)
    with pytest.raises(DomainError) as caught:
        services.transition(application=app, step="accept", actor=users.haizhou)
    assert caught.value.code == "materials_missing"
    message = str(caught.value)
    assert "户口簿" in message and "申请书" not in message  # only what is still missing
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


def test_for_single_person_inclusion_a_medical_certificate_stands_in_for_disability(areas, users):
    from dibao.cases.checklist import missing_materials
    from tests.factories import make_household

    household = make_household(areas.haizhou, users.haizhou, members=1)
    spouse = household.members.exclude(relation="self").get()
    app = services.application_create(
        household=household, data={"kind": "single", "single_member": spouse.pk}, actor=users.haizhou
    )
    for kind in ("application_form", "authorisation", "declaration", "commitment", "id_cards", "hukou"):
        services.material_add(application=app, kind=kind, seen_on_paper=True, actor=users.haizhou)
    assert missing_materials(app) == ["disability"]
    services.material_add(application=app, kind="medical", seen_on_paper=True, actor=users.haizhou)
    assert missing_materials(app) == []
