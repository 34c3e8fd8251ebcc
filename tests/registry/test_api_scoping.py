"""Area scoping and read-only roles, endpoint by endpoint: outside the area is a 404 (never data,
never a hint), lists and searches never include it, and an auditor writes nothing anywhere."""

from types import SimpleNamespace

import pytest

from dibao.core.models import AuditEntry
from dibao.registry import services
from dibao.registry.models import Asset, Household, Income, Member

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..factories import household_data, make_household, member_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def haizhou(areas, users) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """A household of 海州社区 with a spouse, an income and an asset."""
    household = make_household(
        areas.haizhou, users.haizhou, members=1, head={"name": "张三丰"}, address="海州街8号"
    )
    spouse = household.members.get(relation="spouse")
    income = services.income_add(
        household=household,
        actor=users.haizhou,
        data={"kind": "wage", "amount": "900", "month_from": "2026-01"},
    )
    asset = services.asset_add(
        household=household, actor=users.haizhou, data={"kind": "deposit", "value": "5000"}
    )
    return SimpleNamespace(
        household=household,
        head=household.members.get(relation="self"),
        spouse=spouse,
        income=income,
        asset=asset,
    )


def _paths(h: SimpleNamespace) -> list[str]:
    return [
        f"households/{h.household.pk}/",
        f"households/{h.household.pk}/audit/",
        f"members/{h.spouse.pk}/",
        f"incomes/{h.income.pk}/",
        f"assets/{h.asset.pk}/",
    ]


def test_another_community_gets_404_for_every_object(haizhou, users):
    client = api_as(users.liubeiqiao)
    for path in _paths(haizhou):
        response = client.get(f"{API}/{path}")
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
        assert haizhou.household.number not in response.content.decode()
    # …and the same paths answer the community that keeps them.
    mine = api_as(users.haizhou)
    assert all(mine.get(f"{API}/{path}").status_code == 200 for path in _paths(haizhou))


def test_another_community_cannot_write_or_reveal(haizhou, users):
    client = api_as(users.liubeiqiao)
    audited = AuditEntry.objects.count()
    h = haizhou
    attempts = [
        ("patch", f"households/{h.household.pk}/", {"address": "别处"}),
        ("post", f"households/{h.household.pk}/status/", {"status": "terminated"}),
        ("patch", f"members/{h.spouse.pk}/", {"name": "王五"}),
        ("delete", f"members/{h.spouse.pk}/", None),
        ("post", f"members/{h.head.pk}/reveal-id/", None),
        ("patch", f"incomes/{h.income.pk}/", {"amount": "1"}),
        ("put", f"incomes/{h.income.pk}/", {"kind": "wage", "amount": "1", "month_from": "2026-01"}),
        ("delete", f"incomes/{h.income.pk}/", None),
        ("patch", f"assets/{h.asset.pk}/", {"value": "1"}),
        ("delete", f"assets/{h.asset.pk}/", None),
    ]
    for method, path, body in attempts:
        response = getattr(client, method)(f"{API}/{path}", body)
        assert response.status_code == 404, (method, path)
        assert h.head.id_number not in response.content.decode()
    for resource, body in (
        ("members", member_data()),
        ("incomes", {"kind": "wage", "amount": "1", "month_from": "2026-01"}),
        ("assets", {"kind": "deposit", "value": "1"}),
    ):
        response = client.post(f"{API}/{resource}/", {"household": h.household.pk, **body})
        assert response.status_code == 400 and list(response.json()["errors"]) == ["household"], resource
    assert AuditEntry.objects.count() == audited
    h.household.refresh_from_db()
    assert h.household.address == "海州街8号" and h.household.status == "registered"
    assert Member.objects.count() == 2 and Income.objects.count() == 1 and Asset.objects.count() == 1


def test_lists_never_include_another_community(haizhou, areas, users):
    theirs = make_household(areas.liubeiqiao, users.liubeiqiao)
    client = api_as(users.liubeiqiao)
    households = client.get(f"{API}/households/").json()["results"]
    assert [row["id"] for row in households] == [theirs.pk]
    members = client.get(f"{API}/members/").json()["results"]
    assert [row["id"] for row in members] == list(theirs.members.values_list("id", flat=True))
    for resource in ("incomes", "assets"):
        assert client.get(f"{API}/{resource}/").json()["count"] == 0
    for resource in ("members", "incomes", "assets"):
        filtered = client.get(f"{API}/{resource}/", {"household": haizhou.household.pk})
        assert filtered.status_code == 200 and filtered.json()["count"] == 0, resource


def test_search_never_leaks_across_areas(haizhou, areas, users):
    make_household(areas.liubeiqiao, users.liubeiqiao, head={"name": "李四"})
    head_number = haizhou.head.id_number
    queries = [
        "zsf",
        "zhangsanfeng",
        "张三丰",
        head_number,
        head_number[-4:],
        haizhou.household.number,
        "海州街8",
    ]
    for query in queries:
        found = api_as(users.haizhou).get(f"{API}/households/", {"q": query}).json()["results"]
        assert [row["id"] for row in found] == [haizhou.household.pk], query
        hidden = api_as(users.liubeiqiao).get(f"{API}/households/", {"q": query})
        assert hidden.status_code == 200 and hidden.json()["count"] == 0, query


def test_a_street_sees_its_communities_only(haizhou, areas, users):
    theirs = make_household(areas.liubeiqiao, users.liubeiqiao)
    client = api_as(users.street)
    assert client.get(f"{API}/households/{haizhou.household.pk}/").status_code == 200
    assert client.get(f"{API}/households/{theirs.pk}/").status_code == 404
    assert [row["id"] for row in client.get(f"{API}/households/").json()["results"]] == [haizhou.household.pk]


def test_auditors_read_everything_in_their_area(haizhou, users):
    client = api_as(users.auditor)
    for path in _paths(haizhou):
        assert client.get(f"{API}/{path}").status_code == 200, path
    for resource in ("households", "members", "incomes", "assets"):
        assert client.get(f"{API}/{resource}/").json()["count"] >= 1


def test_auditors_get_403_on_every_write_and_nothing_is_written(haizhou, areas, users):
    client = api_as(users.auditor)
    audited = AuditEntry.objects.count()
    h = haizhou
    head = member_data()
    head.pop("relation")
    attempts = [
        ("post", "households/", {"community": areas.haizhou.code, **household_data(), "head": head}),
        ("post", "households/", {}),
        ("patch", f"households/{h.household.pk}/", {"address": "别处"}),
        ("post", f"households/{h.household.pk}/status/", {"status": "terminated"}),
        ("post", "members/", {"household": h.household.pk, **member_data()}),
        ("patch", f"members/{h.spouse.pk}/", {"name": "王五"}),
        ("delete", f"members/{h.spouse.pk}/", None),
        (
            "post",
            "incomes/",
            {"household": h.household.pk, "kind": "wage", "amount": "1", "month_from": "2026-01"},
        ),
        ("patch", f"incomes/{h.income.pk}/", {"amount": "1"}),
        ("put", f"incomes/{h.income.pk}/", {"kind": "wage", "amount": "1", "month_from": "2026-01"}),
        ("delete", f"incomes/{h.income.pk}/", None),
        ("post", "assets/", {"household": h.household.pk, "kind": "deposit", "value": "1"}),
        ("patch", f"assets/{h.asset.pk}/", {"value": "1"}),
        ("put", f"assets/{h.asset.pk}/", {"kind": "deposit", "value": "1"}),
        ("delete", f"assets/{h.asset.pk}/", None),
        (
            "post",
            "areas/",
            {"code": "210204001009", "name": "x", "level": "community", "parent": "210204001000"},
        ),
    ]
    for method, path, body in attempts:
        response = getattr(client, method)(f"{API}/{path}", body)
        assert response.status_code == 403, (method, path)
        assert response.json()["code"] == "permission_denied"
    assert AuditEntry.objects.count() == audited
    assert Household.objects.count() == 1 and Member.objects.count() == 2
    h.household.refresh_from_db()
    assert h.household.address == "海州街8号"
    assert Income.objects.get().amount == h.income.amount and Asset.objects.get().value == h.asset.value
