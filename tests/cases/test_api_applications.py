"""Applications through the API: created, listed and filtered, read with their case file, only
within the caller's area; what is due, as `dibao cases-due` says it."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from dibao.cases import services
from dibao.cases.models import Application, CaseEvent
from dibao.core.models import AuditEntry
from tests.factories import make_household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from .support import application, papers_seen, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def accepted_in_liubeiqiao(areas, users) -> Application:  # type: ignore[no-untyped-def]
    household = make_household(areas.liubeiqiao, users.liubeiqiao)
    app = services.application_create(household=household, data={}, actor=users.liubeiqiao)
    for name in ("submit", "accept"):
        if name == "accept":
            papers_seen(app, users.liubeiqiao)
        services.transition(application=app, step=name, actor=users.liubeiqiao)
    app.refresh_from_db()
    return app


def test_create_an_application_for_a_household(areas, users):
    household = make_household(areas.haizhou, users.haizhou, members=1)
    spouse = household.members.get(relation="spouse")
    response = api_as(users.haizhou).post(
        f"{API}/applications/",
        {
            "household": household.pk,
            "kind": "single",
            "applicant_name": "李四",
            "reason": "重度残疾",
            "single_member": spouse.pk,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    app = Application.objects.get()
    assert body["id"] == app.pk and body["household"] == household.pk
    assert body["household_number"] == household.number
    assert (body["community"], body["community_name"]) == ("210204001001", "海州社区")
    assert (body["kind"], body["single_member"], body["applicant_name"]) == ("single", spouse.pk, "李四")
    assert body["materials"] == [] and body["objections"] == [] and body["explanation"] == []
    assert CaseEvent.objects.filter(application=app, action="create").count() == 1
    assert AuditEntry.objects.filter(object_type="cases.application", object_id=str(app.pk)).count() == 1


def test_create_refusals_name_the_field(areas, users):
    client = api_as(users.haizhou, language="en")
    outside = make_household(areas.liubeiqiao, users.liubeiqiao)
    response = client.post(f"{API}/applications/", {"household": outside.pk})
    assert response.status_code == 400
    assert response.json()["code"] == "not_found" and list(response.json()["errors"]) == ["household"]
    household = make_household(areas.haizhou, users.haizhou)
    single = client.post(f"{API}/applications/", {"household": household.pk, "kind": "single"})
    assert single.status_code == 400 and list(single.json()["errors"]) == ["single_member"]
    unknown = client.post(f"{API}/applications/", {"household": household.pk, "kind": "other"})
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["kind"]
    assert client.post(f"{API}/applications/", {"household": household.pk}).status_code == 201
    twice = client.post(f"{API}/applications/", {"household": household.pk})
    assert twice.status_code == 400 and "in progress" in twice.json()["errors"]["household"][0]
    assert Application.objects.count() == 1


def test_auditors_read_but_do_not_create(areas, users):
    app = application(areas, users, until="submit")
    auditor = api_as(users.auditor)
    assert auditor.get(f"{API}/applications/").json()["count"] == 1
    detail = auditor.get(f"{API}/applications/{app.pk}/").json()
    assert detail["next_steps"] == []
    refused = auditor.post(f"{API}/applications/", {"household": app.household_id})
    assert refused.status_code == 403


def test_the_list_is_the_callers_area_and_filters(areas, users):
    submitted = application(areas, users, until="submit")
    draft = application(areas, users, until="draft", kind="fast_track")
    elsewhere = accepted_in_liubeiqiao(areas, users)

    def ids(client, query: str = "") -> set[int]:  # type: ignore[no-untyped-def]
        response = client.get(f"{API}/applications/{query}")
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    worker, county = api_as(users.haizhou), api_as(users.county)
    assert ids(worker) == {submitted.pk, draft.pk}
    assert ids(api_as(users.street)) == {submitted.pk, draft.pk}
    assert ids(api_as(users.liubeiqiao)) == {elsewhere.pk}
    assert ids(county) == {submitted.pk, draft.pk, elsewhere.pk}
    assert ids(county, "?state=submitted") == {submitted.pk}
    assert ids(county, "?kind=fast_track") == {draft.pk}
    assert ids(county, f"?community={areas.liubeiqiao.code}") == {elsewhere.pk}
    assert ids(county, f"?community={areas.xinghaiwan.code}") == {submitted.pk, draft.pk}
    assert ids(county, f"?household={draft.household_id}") == {draft.pk}
    assert ids(county, "?state=") == {submitted.pk, draft.pk, elsewhere.pk}
    refused = worker.get(f"{API}/applications/?community={areas.liubeiqiao.code}")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["community"]
    assert worker.get(f"{API}/applications/?state=nonsense").status_code == 400
    row = county.get(f"{API}/applications/?state=accepted").json()["results"][0]
    assert row["community"] == areas.liubeiqiao.code and "timeline" not in row


def test_the_detail_carries_the_case_file(areas, users):
    app = application(areas, users, until="investigate")
    body = api_as(users.haizhou).get(f"{API}/applications/{app.pk}/").json()
    assert body["state"] == "investigated" and body["version"] == app.version
    [visit] = body["investigations"]
    assert visit["investigators"] == ["张明", "李华"] and visit["recorded_by"] == users.haizhou.username
    assert [e["action"] for e in body["timeline"]] == [
        "create",
        "submit",
        *["material"] * 6,  # the checklist, each paper seen
        "accept",
        "verification",
        "investigation",
        "investigate",
    ]
    assert body["timeline"][1]["actor_name"] == str(users.haizhou)
    assert body["next_steps"] == ["appraise", "post_notice", "withdraw"]


def set_due(app: Application, days: int) -> None:
    Application.objects.filter(pk=app.pk).update(due_on=timezone.localdate() + datetime.timedelta(days=days))


def test_due_lists_overdue_and_due_soon_as_the_command_does(areas, users):
    overdue = application(areas, users, until="accept")
    soon = application(areas, users, until="investigate")
    later = application(areas, users, until="accept")
    elsewhere = accepted_in_liubeiqiao(areas, users)
    set_due(overdue, -3)
    set_due(soon, 0)
    set_due(later, 60)
    set_due(elsewhere, -1)
    response = api_as(users.street).get(f"{API}/applications/due/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [row["id"] for row in body["overdue"]] == [overdue.pk]
    assert [row["id"] for row in body["due_soon"]] == [soon.pk]
    row = body["overdue"][0]
    assert row == {
        "id": overdue.pk,
        "applicant": overdue.applicant_name,
        "household": overdue.household.number,
        "community": areas.haizhou.code,
        "state": "accepted",
        "accepted_on": overdue.accepted_on.isoformat(),
        "due_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "extended": False,
    }
    out = io.StringIO()
    call_command("cases_due", "--area", areas.xinghaiwan.code, "--json", stdout=out)
    assert json.loads(out.getvalue()) == body
    county = api_as(users.county)
    everything = county.get(f"{API}/applications/due/?area={areas.county.code}").json()
    assert [row["id"] for row in everything["overdue"]] == [overdue.pk, elsewhere.pk]
    only_haizhou = county.get(f"{API}/applications/due/?area={areas.haizhou.code}").json()
    assert [row["id"] for row in only_haizhou["overdue"]] == [overdue.pk]
    outside = api_as(users.haizhou).get(f"{API}/applications/due/?area={areas.liubeiqiao.code}")
    assert outside.status_code == 400 and list(outside.json()["errors"]) == ["area"]
    listed = county.get(f"{API}/applications/?due=overdue").json()["results"]
    assert [row["id"] for row in listed] == [overdue.pk, elsewhere.pk]
    listed = api_as(users.haizhou).get(f"{API}/applications/?due=due_soon").json()["results"]
    assert [row["id"] for row in listed] == [soon.pk]


def test_the_deadline_is_extended_once_by_the_street(areas, users):
    app = application(areas, users, until="accept")
    url = f"{API}/applications/{app.pk}/extend/"
    assert api_as(users.haizhou).post(url, {"reason": "需要补充核对"}).status_code == 403
    street = api_as(users.street, language="en")
    blank = street.post(url, {"reason": ""})
    assert blank.status_code == 400 and list(blank.json()["errors"]) == ["reason"]
    extended = street.post(url, {"reason": "需要补充核对"})
    assert extended.status_code == 200, extended.json()
    body = extended.json()
    assert body["extended"] and body["extension_reason"] == "需要补充核对"
    assert body["due_on"] > app.due_on.isoformat() and body["version"] == app.version + 1
    assert body["timeline"][-1]["action"] == "extend"
    again = street.post(url, {"reason": "再延期"})
    assert again.status_code == 400 and "already" in again.json()["detail"]
