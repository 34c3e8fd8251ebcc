import pytest

from dibao.areas.models import Area
from dibao.core.models import AuditEntry

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return [area["code"] for area in response.json()["results"]]


def test_a_community_worker_sees_only_their_community(users):
    assert _codes(api_as(users.haizhou).get(f"{API}/areas/")) == ["210204001001"]


def test_a_street_sees_itself_and_its_communities(users):
    assert _codes(api_as(users.street).get(f"{API}/areas/")) == [
        "210204001000",
        "210204001001",
        "210204001002",
        "210204001003",
    ]


def test_level_filter(users):
    codes = _codes(api_as(users.county).get(f"{API}/areas/", {"level": "street"}))
    assert codes == ["210204001000", "210204002000", "210204003000"]
    response = api_as(users.county).get(f"{API}/areas/")
    assert response.json()["count"] == 1 + 3 + 10
    first = response.json()["results"][1]
    assert first == {"code": "210204001000", "name": "星海湾街道", "level": "street", "parent": "210204"}


def test_unknown_level_is_400(users):
    response = api_as(users.county, language="en").get(f"{API}/areas/", {"level": "province"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["level"]


def test_retrieve_by_code_within_the_area_only(users):
    client = api_as(users.haizhou)
    assert client.get(f"{API}/areas/210204001001/").json()["name"] == "海州社区"
    for code in ("210204002001", "210204", "210204001000", "999999", "abc"):
        assert client.get(f"{API}/areas/{code}/").status_code == 404


def test_admin_creates_an_area_and_it_is_audited(users):
    response = api_as(users.admin).post(
        f"{API}/areas/",
        {"code": "210204001004", "name": "海韵社区", "level": "community", "parent": "210204001000"},
    )
    assert response.status_code == 201
    assert response.json() == {
        "code": "210204001004",
        "name": "海韵社区",
        "level": "community",
        "parent": "210204001000",
    }
    area = Area.objects.get(code="210204001004")
    assert AuditEntry.objects.filter(
        object_type="areas.area", object_id=str(area.pk), actor=users.admin
    ).exists()


@pytest.mark.parametrize("role", ["haizhou", "street", "county", "auditor"])
def test_only_admins_create_areas(users, role):
    before = Area.objects.count()
    response = api_as(getattr(users, role)).post(
        f"{API}/areas/",
        {"code": "210204001004", "name": "海韵社区", "level": "community", "parent": "210204001000"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Area.objects.count() == before


def test_bad_area_input_names_the_field_in_the_request_language(users):
    client = api_as(users.admin, language="en")
    bad_code = client.post(
        f"{API}/areas/",
        {"code": "21020400100X", "name": "海韵社区", "level": "community", "parent": "210204001000"},
    )
    assert bad_code.status_code == 400
    assert bad_code.json()["errors"] == {"code": ["A street or community code has 12 digits."]}
    wrong_parent = client.post(
        f"{API}/areas/",
        {"code": "210204002009", "name": "海韵社区", "level": "community", "parent": "210204001000"},
    )
    assert wrong_parent.json()["errors"] == {
        "code": ["The code must begin with the parent's code 210204001."]
    }
    unknown_parent = client.post(
        f"{API}/areas/", {"code": "210204009001", "name": "x", "level": "community", "parent": "210204009000"}
    )
    assert unknown_parent.status_code == 400
    assert list(unknown_parent.json()["errors"]) == ["parent"]
    assert not Area.objects.filter(code__in=["21020400100X", "210204002009", "210204009001"]).exists()


def test_chinese_is_the_default_language_of_field_messages(users):
    response = api_as(users.admin).post(f"{API}/areas/", {"name": "海韵社区", "level": "community"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"code": ["该字段是必填项。"]}


def test_area_list_runs_a_fixed_number_of_queries(users, django_assert_max_num_queries):
    client = api_as(users.county)
    # token and user, the user's area, the count, the page (with parents joined)
    with django_assert_max_num_queries(4):
        assert client.get(f"{API}/areas/").json()["count"] == 14
