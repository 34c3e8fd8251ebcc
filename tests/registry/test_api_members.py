import pytest

from dibao.core.models import AuditEntry
from dibao.registry.models import Member

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..factories import bad_check_digit, id_number, make_household, member_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(areas, users):  # type: ignore[no-untyped-def]
    return make_household(areas.haizhou, users.haizhou)


def test_add_a_member(household, users):
    number = id_number()
    response = api_as(users.haizhou).post(
        f"{API}/members/", {"household": household.pk, **member_data(name="李四", id_number=number)}
    )
    assert response.status_code == 201
    body = response.json()
    member = Member.objects.get(pk=body["id"])
    assert member.household == household and member.name == "李四" and member.id_number == number
    assert body["id_number_masked"] == number[:6] + "********" + number[14:]
    assert body["relation"] == "spouse" and body["household"] == household.pk
    assert number not in response.content.decode()
    assert AuditEntry.objects.filter(
        object_type="registry.member", object_id=str(member.pk), action="create"
    ).exists()


def test_bad_check_digit_names_the_field_and_writes_nothing(household, users):
    response = api_as(users.haizhou, language="en").post(
        f"{API}/members/", {"household": household.pk, **member_data(id_number=bad_check_digit(id_number()))}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["id_number"]
    assert "check digit" in response.json()["errors"]["id_number"][0]
    assert household.members.count() == 1


def test_a_person_already_in_a_household_is_refused_with_its_number(household, areas, users):
    other = make_household(areas.haiyue, users.street)
    taken = other.members.get().id_number
    response = api_as(users.street, language="en").post(
        f"{API}/members/", {"household": household.pk, **member_data(id_number=taken)}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "id_number": [f"This person is already a member of household {other.number} (海月社区)."]
    }


def test_a_second_head_is_refused(household, users):
    response = api_as(users.haizhou).post(
        f"{API}/members/", {"household": household.pk, **member_data(relation="self")}
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["relation"]


@pytest.mark.parametrize("household_id", [None, "abc", 0, 10**9])
def test_a_missing_or_unknown_household_is_400(household, users, household_id):
    body = member_data()
    if household_id is not None:
        body["household"] = household_id
    response = api_as(users.haizhou).post(f"{API}/members/", body)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["household"]
    assert Member.objects.count() == 1


def test_patch_a_member(household, users):
    member = make_household(household.community, users.haizhou, members=1).members.get(relation="spouse")
    client = api_as(users.haizhou, language="en")
    response = client.patch(f"{API}/members/{member.pk}/", {"health": "chronic", "phone": "13900000000"})
    assert response.status_code == 200
    assert response.json()["health"] == "chronic" and response.json()["name"] == member.name
    entry = AuditEntry.objects.get(object_type="registry.member", object_id=str(member.pk), action="update")
    assert entry.after == {"health": "chronic", "phone": "13900000000"}
    refused = client.patch(f"{API}/members/{member.pk}/", {"disability_grade": 2})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"disability_grade": ["A disability has both a type and a grade."]}
    moved = client.patch(f"{API}/members/{member.pk}/", {"household": household.pk})
    assert moved.json()["errors"] == {"household": ["Unknown field, or one that cannot be set here."]}
    member.refresh_from_db()
    assert member.household_id != household.pk and member.disability_grade == 0


def test_remove_a_member_but_not_the_head(household, users):
    client = api_as(users.haizhou)
    spouse = client.post(f"{API}/members/", {"household": household.pk, **member_data()}).json()
    assert client.delete(f"{API}/members/{spouse['id']}/").status_code == 204
    assert not Member.objects.filter(pk=spouse["id"]).exists()
    assert AuditEntry.objects.filter(object_id=str(spouse["id"]), action="delete").exists()
    head = household.members.get()
    refused = client.delete(f"{API}/members/{head.pk}/")
    assert refused.status_code == 400 and Member.objects.filter(pk=head.pk).exists()


def test_list_members_of_one_household(household, areas, users):
    other = make_household(areas.haizhou, users.haizhou, members=1)
    client = api_as(users.haizhou)
    everyone = client.get(f"{API}/members/").json()
    assert everyone["count"] == 3
    one = client.get(f"{API}/members/", {"household": other.pk}).json()
    assert {m["id"] for m in one["results"]} == set(other.members.values_list("id", flat=True))
    assert client.get(f"{API}/members/", {"household": "abc"}).status_code == 400


def test_reveal_the_whole_id_number_is_audited(household, users):
    head = household.members.get()
    for revealer in (users.haizhou, users.street, users.county, users.auditor):
        response = api_as(revealer).post(f"{API}/members/{head.pk}/reveal-id/")
        assert response.status_code == 200
        assert response.json() == {"id": head.pk, "id_number": head.id_number}
    reveals = AuditEntry.objects.filter(action="reveal", object_id=str(head.pk), household_id=household.pk)
    assert {entry.actor for entry in reveals} == {users.haizhou, users.street, users.county, users.auditor}


def test_admins_may_not_reveal_and_nothing_is_recorded(household, users):
    head = household.members.get()
    response = api_as(users.admin).post(f"{API}/members/{head.pk}/reveal-id/")
    assert response.status_code == 403
    assert head.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_member_list_runs_a_fixed_number_of_queries(areas, users, django_assert_max_num_queries):
    for _ in range(8):
        make_household(areas.haizhou, users.haizhou, members=2)
    client = api_as(users.street)
    # token and user, the user's area, the count, the page
    with django_assert_max_num_queries(4):
        assert client.get(f"{API}/members/").json()["count"] == 24
