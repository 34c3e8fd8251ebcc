import datetime

import pytest

from dibao.core.models import AuditEntry
from dibao.registry import selectors, services
from dibao.registry.models import Household, Member

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..factories import bad_check_digit, household_data, id_number, make_household, member_data

pytestmark = pytest.mark.django_db


def head_data(**overrides):  # type: ignore[no-untyped-def]
    data = member_data(**overrides)
    data.pop("relation")  # the head's relation is always 本人
    return data


def new_household(community: str, **head):  # type: ignore[no-untyped-def]
    return {"community": community, **household_data(), "head": head_data(**head)}


def test_create_household_with_its_head(areas, users):
    number = id_number(datetime.date(1958, 2, 3), male=False)
    response = api_as(users.haizhou).post(
        f"{API}/households/", new_household(areas.haizhou.code, name="张三", id_number=number)
    )
    assert response.status_code == 201
    body = response.json()
    household = Household.objects.get()
    assert body["id"] == household.pk and body["number"] == household.number
    assert body["community"] == "210204001001" and body["community_name"] == "海州社区"
    assert body["status"] == "registered" and body["size"] == 1
    assert body["head"]["name"] == "张三"
    assert body["head"]["id_number_masked"] == f"{number[:6]}********{number[14:]}"
    [member] = body["members"]
    assert member["relation"] == "self" and member["sex"] == "F"
    today = datetime.date.today()
    assert member["age"] == today.year - 1958 - ((today.month, today.day) < (2, 3))
    # The whole number is nowhere in the answer: not even as a birth date beside the mask.
    assert number not in response.content.decode() and "birth_date" not in member
    assert AuditEntry.objects.filter(household_id=household.pk, actor=users.haizhou).count() == 2


def test_bad_check_digit_is_400_naming_the_field_and_nothing_is_written(areas, users):
    audited = AuditEntry.objects.count()
    response = api_as(users.haizhou, language="en").post(
        f"{API}/households/", new_household(areas.haizhou.code, id_number=bad_check_digit(id_number()))
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["head.id_number"]
    assert "check digit" in body["errors"]["head.id_number"][0]
    assert not Household.objects.exists() and not Member.objects.exists()
    assert AuditEntry.objects.count() == audited


def test_every_invalid_field_is_reported_at_once(areas, users):
    response = api_as(users.haizhou, language="en").post(
        f"{API}/households/",
        {
            "community": areas.haizhou.code,
            **household_data(phone="call me", bank_name=""),
            "head": head_data(name="", id_number="12345"),
        },
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"phone", "bank_name", "head.name", "head.id_number"}


def test_id_conflict_names_the_household_only_to_who_may_see_it(areas, users):
    number = id_number()
    first = make_household(areas.haizhou, users.haizhou, head={"id_number": number})
    seen = api_as(users.street, language="en").post(
        f"{API}/households/", new_household(areas.haiyue.code, id_number=number)
    )
    assert seen.status_code == 400
    assert seen.json()["code"] == "id_taken"
    assert seen.json()["errors"] == {
        "head.id_number": [f"This person is already a member of household {first.number} (海州社区)."]
    }
    hidden = api_as(users.liubeiqiao, language="en").post(
        f"{API}/households/", new_household(areas.liubeiqiao.code, id_number=number)
    )
    assert hidden.json()["errors"] == {
        "head.id_number": ["This person is already a member of a household in another area."]
    }
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"head": "张三"}, "head"),
        ({"head": None}, "head"),
        ({"address": ["海州街"]}, "address"),
        ({"address": {"street": "海州街"}}, "address"),
        ({"urban_rural": "city"}, "urban_rural"),
        ({"status": "receiving"}, "status"),
        ({"number": "21020499999999"}, "number"),
        ({"community": 210204001001.5}, "community"),
        ({"adress": "海州街1号"}, "adress"),
    ],
)
def test_malformed_input_is_400_naming_the_field(areas, users, change, field):
    body = {**new_household(areas.haizhou.code), **change}
    response = api_as(users.haizhou).post(f"{API}/households/", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Household.objects.exists()


def test_malformed_nested_head_names_the_head_field(areas, users):
    body = new_household(areas.haizhou.code)
    body["head"]["relation"] = "self"
    body["head"]["hukou"] = ["urban"]
    response = api_as(users.haizhou).post(f"{API}/households/", body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"head.relation", "head.hukou"}


def test_not_json_or_not_an_object_is_400(areas, users):
    client = api_as(users.haizhou)
    broken = client.post(f"{API}/households/", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
    listed = client.post(f"{API}/households/", [new_household(areas.haizhou.code)])
    assert listed.status_code == 400 and "__all__" in listed.json()["errors"]
    assert not Household.objects.exists()


@pytest.mark.parametrize("community", ["210204002001", "210204001000", "210204", "nonsense"])
def test_a_community_outside_the_area_or_not_a_community_is_refused(areas, users, community):
    response = api_as(users.haizhou, language="en").post(f"{API}/households/", new_household(community))
    assert response.status_code == 400
    assert response.json()["errors"] == {"community": ["There is no community with this code in your area."]}
    assert not Household.objects.exists()


def test_patch_changes_the_fields_sent_and_audits_them(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    response = api_as(users.haizhou).patch(f"{API}/households/{household.pk}/", {"address": "海月街1号"})
    assert response.status_code == 200
    assert response.json()["address"] == "海月街1号" and response.json()["phone"] == "13800000000"
    entry = AuditEntry.objects.get(household_id=household.pk, action="update")
    assert entry.after == {"address": "海月街1号"} and entry.actor == users.haizhou


def test_patch_with_bad_values_changes_nothing(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    client = api_as(users.haizhou, language="en")
    response = client.patch(f"{API}/households/{household.pk}/", {"address": "新地址", "phone": "abc"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"phone": ["A phone number has digits only (and + - ( ))."]}
    refused = client.patch(f"{API}/households/{household.pk}/", {"status": "receiving"})
    assert refused.json()["errors"] == {"status": ["Unknown field, or one that cannot be set here."]}
    household.refresh_from_db()
    assert household.address == "海州街12号1-2-1" and household.status == "registered"
    assert not AuditEntry.objects.filter(household_id=household.pk, action="update").exists()


def test_put_is_not_offered_for_households(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    response = api_as(users.haizhou).put(f"{API}/households/{household.pk}/", household_data())
    assert response.status_code == 405


def test_status_change(areas, users):
    household = make_household(areas.haizhou, users.haizhou, members=1)
    client = api_as(users.street)
    response = client.post(
        f"{API}/households/{household.pk}/status/", {"status": "terminated", "note": "迁出本市"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "terminated"
    assert [m["is_current"] for m in response.json()["members"]] == [False, False]
    entry = AuditEntry.objects.get(household_id=household.pk, action="update")
    assert entry.note == "迁出本市" and entry.after == {"status": "terminated"}
    bogus = client.post(f"{API}/households/{household.pk}/status/", {"status": "closed"})
    assert bogus.status_code == 400 and list(bogus.json()["errors"]) == ["status"]


def test_retrieve_lists_members_head_first_with_masked_numbers(areas, users):
    household = make_household(areas.haizhou, users.haizhou, members=2)
    response = api_as(users.haizhou).get(f"{API}/households/{household.pk}/")
    assert response.status_code == 200
    members = response.json()["members"]
    assert [m["relation"] for m in members] == ["self", "spouse", "child"]
    assert response.json()["size"] == 3
    for member, stored in zip(members, household.members.order_by("id"), strict=True):
        assert member["id_number_masked"] == stored.id_number[:6] + "*" * 8 + stored.id_number[14:]
        assert stored.id_number not in response.content.decode()


def test_list_is_paginated_with_head_and_size(areas, users):
    for _ in range(3):
        make_household(areas.haizhou, users.haizhou, members=1)
    response = api_as(users.haizhou).get(f"{API}/households/")
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3 and [row["size"] for row in body["results"]] == [2, 2, 2]
    assert all("*" * 8 in row["head"]["id_number_masked"] for row in body["results"])
    assert "members" not in body["results"][0]


def test_list_filters(areas, users):
    urban = make_household(areas.haizhou, users.street)
    rural = make_household(areas.haiyue, users.street, urban_rural="rural")
    refused = api_as(users.street).post(f"{API}/households/{rural.pk}/status/", {"status": "receiving"})
    assert refused.status_code == 400 and "status" in refused.json()["errors"]  # decided, not set by hand
    services.household_status_record(household=rural, status="receiving", actor=users.street)
    client = api_as(users.street)

    def numbers(**params):  # type: ignore[no-untyped-def]
        response = client.get(f"{API}/households/", params)
        assert response.status_code == 200
        return [row["number"] for row in response.json()["results"]]

    assert numbers() == [urban.number, rural.number]
    assert numbers(urban_rural="rural") == [rural.number]
    assert numbers(status="receiving") == [rural.number]
    assert numbers(area=areas.haizhou.code) == [urban.number]
    assert numbers(area=areas.xinghaiwan.code) == [urban.number, rural.number]
    assert client.get(f"{API}/households/", {"status": "closed"}).status_code == 400
    outside = client.get(f"{API}/households/", {"area": areas.liubeiqiao.code})
    assert outside.status_code == 400 and list(outside.json()["errors"]) == ["area"]


def test_search_as_the_page_does(areas, users):
    zhang = make_household(areas.haizhou, users.haizhou, head={"name": "张三丰"}, address="海州街8号")
    make_household(areas.haizhou, users.haizhou, head={"name": "李四"}, address="海月街1号")
    head_number = zhang.members.get().id_number
    client = api_as(users.haizhou)
    for query in ("zsf", "zhangsan", "张三", head_number[-6:], head_number, zhang.number, "海州街8"):
        response = client.get(f"{API}/households/", {"q": query})
        assert [row["number"] for row in response.json()["results"]] == [zhang.number], query


def test_audit_trail_of_a_household(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    api_as(users.haizhou).patch(f"{API}/households/{household.pk}/", {"phone": "0411-1234567"})
    number = household.members.get().id_number
    for reader in (users.auditor, users.county, users.admin, users.street, users.haizhou):
        response = api_as(reader).get(f"{API}/households/{household.pk}/audit/")
        assert response.status_code == 200
        entries = response.json()["results"]
        assert [(e["action"], e["object_type"]) for e in entries] == [
            ("update", "registry.household"),
            ("create", "registry.member"),
            ("create", "registry.household"),
        ]
        assert entries[0]["after"] == {"phone": "0411-1234567"} and entries[0]["actor"] == "w_haizhou"
        # The trail is no way round the audited reveal.
        assert entries[1]["after"]["id_number"] == number[:6] + "*" * 8 + number[14:]
        assert number not in response.content.decode()


def test_unknown_or_malformed_ids_are_404(areas, users):
    client = api_as(users.county)
    for path in ("households/999999/", "households/abc/", "households/99999999999999999999999/"):
        assert client.get(f"{API}/{path}").status_code == 404, path


def test_household_list_runs_a_fixed_number_of_queries(areas, users, django_assert_max_num_queries):
    for i in range(12):
        make_household(areas.haizhou if i % 2 else areas.haiyue, users.street, members=2)
    for user in (users.haizhou, users.street, users.county):
        client = api_as(user)
        # token and user, the user's area, (a street's communities are a subquery), the count,
        # the page, the heads
        with django_assert_max_num_queries(5):
            response = client.get(f"{API}/households/")
        assert response.json()["count"] in (6, 12)
        with django_assert_max_num_queries(6):  # a search first fetches its matches' ids
            client.get(f"{API}/households/", {"q": "zs"})


def test_patch_of_half_a_bank_account_is_checked_against_the_stored_half(areas, users):
    household = make_household(areas.haizhou, users.haizhou, bank_name="", bank_account="")
    client = api_as(users.haizhou, language="en")
    refused = client.patch(f"{API}/households/{household.pk}/", {"bank_account": "6228480000000000009"})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "bank_name": ["A bank account needs both the bank's name and the account number."]
    }
    both = {"bank_name": "中国农业银行", "bank_account": "6228480000000000009"}
    assert client.patch(f"{API}/households/{household.pk}/", both).status_code == 200
    assert client.patch(f"{API}/households/{household.pk}/", {"bank_name": "中国银行"}).status_code == 200
    entries = AuditEntry.objects.filter(household_id=household.pk, action="update").order_by("id")
    assert [entry.after for entry in entries] == [both, {"bank_name": "中国银行"}]


def test_bodies_are_json_only(areas, users):
    response = api_as(users.haizhou).post(
        f"{API}/households/", {"community": areas.haizhou.code, **household_data()}, format="multipart"
    )
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert not Household.objects.exists()


def test_the_list_counts_and_pages_every_match_past_the_list_pages_bound(areas, users, monkeypatch):
    """The list page stops at `selectors.LIST_BOUND`; the API does not."""
    monkeypatch.setattr(selectors, "LIST_BOUND", 3)
    everyone = {make_household(areas.haizhou, users.haizhou, head={"name": "张三"}).number for _ in range(5)}
    client = api_as(users.haizhou)
    for query in ("zs", "张三", ""):
        body = client.get(f"{API}/households/", {"q": query}).json()
        assert body["count"] == 5 and {row["number"] for row in body["results"]} == everyone, query
