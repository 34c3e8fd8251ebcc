"""The workflow through the API: every step by the roles that may take it, against the version the
client saw, each leaving its timeline entry and audit entry; refusals change nothing."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dibao.benefits.models import Entitlement
from dibao.cases import services
from dibao.cases.checklist import REQUIRED
from dibao.cases.models import Application, CaseEvent, Kind, Objection, State
from dibao.core.models import AuditEntry
from dibao.core.months import add_months
from dibao.core.roles import Role
from dibao.registry.services import income_add
from tests.factories import UserFactory, make_household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from .support import application, days_ago, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def case_audit(app_id: int) -> int:
    return AuditEntry.objects.filter(object_type="cases.application", object_id=str(app_id)).count()


def step(client, app_id: int, name: str, version: int | None, **data):  # type: ignore[no-untyped-def]
    body = {**data, "version": version} if version is not None else data
    return client.post(f"{API}/applications/{app_id}/{name}/", body)


def test_from_creation_to_approval_through_the_api(areas, users):
    worker, street, county = api_as(users.haizhou), api_as(users.street), api_as(users.county)
    household = make_household(areas.haizhou, users.haizhou, members=2)
    income_add(
        household=household,
        data={"kind": "wage", "amount": "600", "month_from": "2020-01"},
        actor=users.haizhou,
    )
    created = worker.post(f"{API}/applications/", {"household": household.pk, "reason": "失业"})
    assert created.status_code == 201, created.json()
    body = created.json()
    app_id = body["id"]
    assert (body["state"], body["version"], body["kind"]) == ("draft", 1, "new")
    assert body["applicant_name"] == household.members.get(relation="self").name
    assert body["next_steps"] == ["submit", "withdraw"]
    assert [e["action"] for e in body["timeline"]] == ["create"]

    def take(client, name: str, **data):  # type: ignore[no-untyped-def]
        version = Application.objects.get(pk=app_id).version
        events, audited = CaseEvent.objects.count(), case_audit(app_id)
        response = step(client, app_id, name, version, **data)
        assert response.status_code == 200, response.json()
        # Every transition: one more version, one timeline entry and one audit entry.
        assert response.json()["version"] == version + 1
        assert CaseEvent.objects.count() == events + 1
        assert CaseEvent.objects.filter(application_id=app_id).last().action == name
        assert case_audit(app_id) == audited + 1
        return response.json()

    assert take(worker, "submit")["state"] == "submitted"
    refused = step(worker, app_id, "accept", Application.objects.get(pk=app_id).version)
    assert refused.status_code == 400 and refused.json()["code"] == "materials_missing"
    for kind in REQUIRED[Kind.NEW]:
        added = worker.post(
            f"{API}/applications/{app_id}/materials/", {"kind": kind, "seen_on_paper": True}, format="json"
        )
        assert added.status_code == 201, added.json()
    accepted = take(worker, "accept", accepted_on=days_ago(10).isoformat())
    assert accepted["state"] == "accepted" and accepted["due_on"] > accepted["accepted_on"]
    assert accepted["next_steps"] == ["investigate", "withdraw"]
    visit = worker.post(
        f"{API}/applications/{app_id}/investigations/",
        {"visited_on": days_ago(20).isoformat(), "investigators": ["张明", "李华"], "housing": "两居室"},
    )
    assert visit.status_code == 201, visit.json()
    check = worker.post(
        f"{API}/applications/{app_id}/verifications/",
        {"kind": "income", "description": "工资收入属实", "amount": "600.00", "source": "核对中心"},
        format="json",
    )
    assert check.status_code == 201, check.json()
    assert take(worker, "investigate")["state"] == "investigated"
    notice = worker.post(
        f"{API}/notices/",
        {"applications": [app_id], "posted_on": days_ago(10).isoformat(), "mask_given_names": True},
    )
    assert notice.status_code == 201, notice.json()
    assert notice.json()["applications"] == [app_id]
    assert take(worker, "close_notice")["state"] == "notice_closed"
    # The street reviews; the county decides (the rules in force do not delegate the decision).
    assert worker.get(f"{API}/applications/{app_id}/").json()["next_steps"] == ["withdraw"]
    assert street.get(f"{API}/applications/{app_id}/").json()["next_steps"] == ["review", "withdraw"]
    reviewed = take(street, "review", opinion="同意")
    assert reviewed["state"] == "reviewed"
    assert street.get(f"{API}/applications/{app_id}/").json()["next_steps"] == ["withdraw"]
    assert county.get(f"{API}/applications/{app_id}/").json()["next_steps"] == ["approve", "reject"]
    approved = take(county, "approve")
    assert approved["state"] == "approved" and approved["next_steps"] == []
    assert (approved["amount"], approved["assessed_amount"]) == ("480.00", "480.00")
    assert approved["decided_by"] == users.county.username and approved["explanation"]
    decided = datetime.date.fromisoformat(approved["decided_on"])
    assert approved["start_month"] == f"{add_months(decided.replace(day=1), 1):%Y-%m}"
    entitlement = Entitlement.objects.get(household=household)
    assert entitlement.amount == Decimal("480.00") and entitlement.reason == "approval"
    household.refresh_from_db()
    assert household.status == "receiving"
    assert [e["action"] for e in approved["timeline"]] == [
        "create",
        "submit",
        *["material"] * 6,  # the checklist, each paper seen
        "accept",
        "investigation",
        "verification",
        "investigate",
        "post_notice",
        "close_notice",
        "review",
        "approve",
    ]
    assert approved["timeline"][-1]["actor"] == users.county.username
    assert approved["timeline"][-1]["from_state"] == "reviewed"
    assert approved["investigations"][0]["investigators"] == ["张明", "李华"]
    assert approved["notices"] == [notice.json()["id"]]


def test_the_version_may_come_as_if_match(areas, users):
    app = application(areas, users, until="draft")
    client = api_as(users.haizhou)
    response = client.post(f"{API}/applications/{app.pk}/submit/", {}, HTTP_IF_MATCH=f'"{app.version}"')
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "submitted"
    stale = client.post(f"{API}/applications/{app.pk}/accept/", {}, HTTP_IF_MATCH=f'W/"{app.version}"')
    assert stale.status_code == 409 and stale.json()["code"] == "stale"


def test_without_a_version_nothing_is_done(areas, users):
    app = application(areas, users, until="draft")
    response = api_as(users.haizhou, language="en").post(f"{API}/applications/{app.pk}/submit/", {})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "version_required" and list(body["errors"]) == ["version"]
    assert Application.objects.get(pk=app.pk).state == State.DRAFT


@pytest.mark.parametrize("header", ['"7"', "abc"])
def test_if_match_and_body_must_agree(areas, users, header):
    app = application(areas, users, until="draft")
    response = api_as(users.haizhou).post(
        f"{API}/applications/{app.pk}/submit/", {"version": app.version}, HTTP_IF_MATCH=header
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["version"]
    assert Application.objects.get(pk=app.pk).state == State.DRAFT


def test_two_deciders_with_the_same_version_the_second_gets_409(areas, users):
    app = application(areas, users, until="review")
    other = UserFactory.create(username="c_other", role=Role.COUNTY, area=areas.county)
    first, second = api_as(users.county), api_as(other, language="en")
    seen = first.get(f"{API}/applications/{app.pk}/").json()["version"]
    assert second.get(f"{API}/applications/{app.pk}/").json()["version"] == seen
    approved = step(first, app.pk, "approve", seen)
    assert approved.status_code == 200
    events, audited = CaseEvent.objects.count(), AuditEntry.objects.count()
    refused = step(second, app.pk, "reject", seen, reasons="收入超标")
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "stale" and "changed" in body["detail"]
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.rejection_reasons == ""
    assert (CaseEvent.objects.count(), AuditEntry.objects.count()) == (events, audited)


def test_a_step_out_of_order_is_400_and_changes_nothing(areas, users):
    app = application(areas, users, until="accept")
    events, audited = CaseEvent.objects.count(), AuditEntry.objects.count()
    response = step(api_as(users.county, language="en"), app.pk, "approve", app.version)
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_state"
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.state, fresh.version) == (State.ACCEPTED, app.version)
    assert (CaseEvent.objects.count(), AuditEntry.objects.count()) == (events, audited)
    assert not Entitlement.objects.exists()


@pytest.mark.parametrize(
    ("until", "name", "who"),
    [
        ("review", "approve", "haizhou"),
        ("review", "approve", "street"),
        ("review", "reject", "haizhou"),
        ("close_notice", "review", "haizhou"),
        ("close_notice", "review", "county"),
        ("draft", "submit", "auditor"),
        ("draft", "submit", "admin"),
    ],
)
def test_a_role_that_may_not_take_the_step_gets_403(areas, users, until, name, who):
    app = application(areas, users, until=until)
    events = CaseEvent.objects.count()
    response = step(
        api_as(getattr(users, who)),
        app.pk,
        name,
        app.version,
        **{"review": {"opinion": "同意"}, "reject": {"reasons": "不符合"}}.get(name, {}),
    )
    assert response.status_code == 403
    assert response.json()["code"] in ("forbidden", "permission_denied")
    assert Application.objects.get(pk=app.pk).state == app.state
    assert CaseEvent.objects.count() == events


def test_another_areas_application_is_404_for_reading_and_every_step(areas, users):
    app = application(areas, users, until="submit")
    outsider = api_as(users.liubeiqiao)
    assert outsider.get(f"{API}/applications/{app.pk}/").status_code == 404
    for name in ("accept", "return", "withdraw"):
        response = step(
            outsider, app.pk, name, app.version, **({"missing": ["hukou"]} if name == "return" else {})
        )
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert outsider.post(f"{API}/applications/{app.pk}/extend/", {"reason": "x"}).status_code == 404
    assert api_as(users.haizhou).get(f"{API}/applications/999999/").status_code == 404
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


def test_returned_with_the_missing_materials_then_submitted_again(areas, users):
    app = application(areas, users, until="submit")
    client = api_as(users.haizhou, language="en")
    unknown = step(client, app.pk, "return", app.version, missing=["hukou", "passport"])
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["missing.1"]
    empty = step(client, app.pk, "return", app.version, missing=[])
    assert empty.status_code == 400 and list(empty.json()["errors"]) == ["missing"]
    returned = step(client, app.pk, "return", app.version, missing=["hukou", "income_proof"])
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert returned.json()["timeline"][-1]["data"] == {"missing": ["hukou", "income_proof"]}
    again = step(client, app.pk, "submit", returned.json()["version"])
    assert again.json()["state"] == "submitted"


def test_unknown_fields_are_refused(areas, users):
    app = application(areas, users, until="draft")
    response = step(api_as(users.haizhou), app.pk, "submit", app.version, state="approved")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["state"]
    assert Application.objects.get(pk=app.pk).state == State.DRAFT


def test_an_objection_sends_the_case_back_and_is_resolved(areas, users):
    app = application(areas, users, until="post_notice")
    worker = api_as(users.haizhou)
    blank = step(worker, app.pk, "object", app.version, raised_by="", content="")
    assert blank.status_code == 400 and set(blank.json()["errors"]) == {"raised_by", "content"}
    objected = step(
        worker,
        app.pk,
        "object",
        app.version,
        raised_by="邻居王某",
        content="家中有营运车辆",
        received_on=days_ago(1).isoformat(),
    )
    assert objected.status_code == 200, objected.json()
    body = objected.json()
    assert body["state"] == "accepted"
    [objection] = body["objections"]
    assert objection["raised_by"] == "邻居王某" and objection["resolved_on"] is None
    # Not done while the objection is open.
    assert step(worker, app.pk, "investigate", body["version"]).status_code == 400
    assert (
        api_as(users.liubeiqiao)
        .post(f"{API}/objections/{objection['id']}/resolve/", {"resolution": "x"})
        .status_code
        == 404
    )
    resolved = worker.post(f"{API}/objections/{objection['id']}/resolve/", {"resolution": "车辆已于去年出售"})
    assert resolved.status_code == 200, resolved.json()
    assert resolved.json()["resolved_on"] is not None
    assert Objection.objects.get().resolution == "车辆已于去年出售"
    assert worker.get(f"{API}/objections/{objection['id']}/").json()["resolution"] == "车辆已于去年出售"
    again = worker.post(f"{API}/objections/{objection['id']}/resolve/", {"resolution": "y"})
    assert again.status_code == 400
    investigated = step(worker, app.pk, "investigate", body["version"])
    assert investigated.status_code == 200 and investigated.json()["state"] == "investigated"


def test_rejected_with_reasons_and_withdrawn(areas, users):
    app = application(areas, users, until="review")
    county = api_as(users.county)
    no_reason = step(county, app.pk, "reject", app.version, reasons=" ")
    assert no_reason.status_code == 400 and list(no_reason.json()["errors"]) == ["reasons"]
    rejected = step(county, app.pk, "reject", app.version, reasons="人均收入高于标准")
    assert rejected.status_code == 200
    assert (
        rejected.json()["state"] == "rejected" and rejected.json()["rejection_reasons"] == "人均收入高于标准"
    )
    other = application(areas, users, until="accept")
    withdrawn = step(api_as(users.haizhou), other.pk, "withdraw", other.version, note="申请人撤回")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    other.household.refresh_from_db()
    assert other.household.status == "registered"


def test_an_amount_other_than_the_assessment_needs_a_reason(areas, users):
    app = application(areas, users, until="review")
    county = api_as(users.county, language="en")
    bare = step(county, app.pk, "approve", app.version, amount="500")
    assert bare.status_code == 400 and list(bare.json()["errors"]) == ["override_reason"]
    approved = step(
        county, app.pk, "approve", app.version, amount=500, override_reason="重病", start_month="2030-01"
    )
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["amount"], approved.json()["start_month"]) == ("500.00", "2030-01")
    assert Entitlement.objects.get(household=app.household).amount == Decimal("500.00")


def sessions_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        # Statistics are read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_the_same_moment_on_two_connections(areas, users):
    """Two threads, each with its own database connection, send their decision with the same
    version. The test holds the application's row lock until both are waiting for it, so both are
    surely in flight at once; released, one decides and the other finds the version changed."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite in memory has one connection")
    app = application(areas, users, until="review")
    other = UserFactory.create(username="c_other", role=Role.COUNTY, area=areas.county)
    clients = {"approve": api_as(users.county), "reject": api_as(other)}
    seen = app.version
    answers: dict[str, int] = {}

    def decide(name: str) -> None:
        try:
            data = {"reasons": "人均收入高于标准"} if name == "reject" else {}
            answers[name] = step(clients[name], app.pk, name, seen, **data).status_code
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=decide, args=(name,)) for name in clients]
    try:
        with transaction.atomic():
            Application.objects.select_for_update().get(pk=app.pk)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 20
            while (waiting := sessions_waiting_for_a_lock()) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:  # the lock is released here; both requests go on
        for thread in threads:
            thread.join(timeout=60)
    assert waiting == 2, "both requests should have been waiting for the row lock"
    assert sorted(answers.values()) == [200, 409], answers
    winner = next(name for name, code in answers.items() if code == 200)
    app.refresh_from_db()
    assert app.state == {"approve": State.APPROVED, "reject": State.REJECTED}[winner]
    assert app.version == seen + 1
    decisions = CaseEvent.objects.filter(application=app, action__in=["approve", "reject"])
    assert list(decisions.values_list("action", flat=True)) == [winner]
    assert Entitlement.objects.filter(household=app.household).count() == (1 if winner == "approve" else 0)


@pytest.mark.django_db
def test_a_step_locks_the_application_row_and_not_the_rows_it_joins(areas, users):
    """Under load a step deadlocked with a review opened in the same community: the step's lock
    took the community's row too (select_related joined it), which the review's foreign key check
    waits on at commit while the review held the audit chain's head the step wanted next."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's: SQLite locks the whole database")
    app = application(areas, users, until="draft")
    with CaptureQueriesContext(connection) as queries:
        services.transition(application=app, step="submit", actor=users.haizhou, version=app.version)
    locks = [
        q["sql"]
        for q in queries.captured_queries
        if "FOR UPDATE" in q["sql"] and "cases_application" in q["sql"]
    ]
    assert locks and all(sql.endswith('FOR UPDATE OF "cases_application"') for sql in locks), locks
