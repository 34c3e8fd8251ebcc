"""The API of supporters, self-care assessments and rigid spending: created through the services,
listed by household within the caller's area, ID numbers masked."""

import pytest

from dibao.core.models import AuditEntry
from dibao.registry.models import CareAssessment, RigidSpending, Supporter

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..factories import id_number, make_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(areas, users):  # type: ignore[no-untyped-def]
    return make_household(areas.haizhou, users.haizhou, members=1)


def test_add_and_list_a_supporter_with_the_number_masked(household, users):
    head = household.members.get(relation="self")
    number = id_number()
    client = api_as(users.haizhou)
    data = {
        "member": head.pk,
        "name": "王大伟",
        "id_number": number,
        "relation": "child",
        "able": False,
        "note": "服刑",
    }
    response = client.post(f"{API}/supporters/", data)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body == {
        "id": Supporter.objects.get().pk,
        "household": household.pk,
        "member": head.pk,
        "name": "王大伟",
        "id_number_masked": number[:6] + "********" + number[-4:],
        "relation": "child",
        "able": False,
        "note": "服刑",
        "in_register": False,
    }
    listed = client.get(f"{API}/supporters/", {"household": household.pk}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert number not in str(listed) and number not in str(
        client.get(f"{API}/supporters/{body['id']}/").json()
    )
    patched = client.patch(f"{API}/supporters/{body['id']}/", {"able": True}).json()
    assert patched["able"] is True and Supporter.objects.get().id_number == number
    assert AuditEntry.objects.filter(object_type="registry.supporter").count() == 2


def test_supporter_refusals_name_the_field(household, users, areas):
    head = household.members.get(relation="self")
    client = api_as(users.haizhou)
    bad = client.post(
        f"{API}/supporters/",
        {"member": head.pk, "name": "王大伟", "id_number": "123", "relation": "child", "able": True},
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"id_number"}
    other = make_household(areas.liubeiqiao, users.liubeiqiao).members.get()
    hidden = client.post(
        f"{API}/supporters/",
        {"member": other.pk, "name": "王大伟", "id_number": id_number(), "relation": "child", "able": True},
    )
    assert hidden.status_code == 400 and set(hidden.json()["errors"]) == {"member"}
    assert Supporter.objects.count() == 0


def test_add_list_and_delete_an_assessment(household, users):
    head = household.members.get(relation="self")
    client = api_as(users.haizhou)
    data = {
        "member": head.pk,
        "assessed_on": "2026-02-01",
        "failed": ["bathing", "eating"],
        "assessor": "区评估中心",
    }
    response = client.post(f"{API}/care-assessments/", data)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["failed"], body["activities_failed"], body["level"], body["household"]) == (
        ["eating", "bathing"],
        2,
        "partial",
        household.pk,
    )
    assert client.get(f"{API}/care-assessments/", {"household": household.pk}).json()["count"] == 1
    assert client.patch(f"{API}/care-assessments/{body['id']}/", {"failed": []}).status_code == 405
    unknown = client.post(f"{API}/care-assessments/", {**data, "failed": ["flying"]})
    assert unknown.status_code == 400 and set(unknown.json()["errors"]) == {"failed.0"}
    assert client.delete(f"{API}/care-assessments/{body['id']}/").status_code == 204
    assert CareAssessment.objects.count() == 0


def test_rigid_spending_and_other_areas(household, users):
    client = api_as(users.haizhou)
    data = {"household": household.pk, "kind": "rehabilitation", "amount": "2500.5", "spent_on": "2026-01-20"}
    response = client.post(f"{API}/rigid-spending/", data)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["amount"], body["member"], body["kind"]) == ("2500.50", None, "rehabilitation")
    too_fine = client.post(f"{API}/rigid-spending/", {**data, "amount": "1.001"})
    assert too_fine.status_code == 400 and set(too_fine.json()["errors"]) == {"amount"}
    outsider = api_as(users.liubeiqiao)
    assert outsider.get(f"{API}/rigid-spending/").json()["count"] == 0
    assert outsider.get(f"{API}/rigid-spending/{body['id']}/").status_code == 404
    assert outsider.delete(f"{API}/rigid-spending/{body['id']}/").status_code == 404
    assert RigidSpending.objects.count() == 1


def test_the_schema_documents_the_new_endpoints(users):
    schema = api_as(users.haizhou).get(f"{API}/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/v1/supporters/", "/api/v1/care-assessments/", "/api/v1/rigid-spending/"):
        assert path in schema["paths"]
    assert "put" not in schema["paths"]["/api/v1/care-assessments/{id}/"]
