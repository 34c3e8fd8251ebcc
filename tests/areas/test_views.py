import pytest
from django.urls import reverse

from dibao.areas.models import Area, Level
from dibao.areas.services import area_create
from dibao.core.models import AuditEntry

from ..registry.register_data import make_household

pytestmark = pytest.mark.django_db

LIST = reverse("areas:area-list")
CREATE = reverse("areas:area-create")


@pytest.fixture
def households(areas, users):
    make_household(areas.haizhou, users.haizhou)
    make_household(areas.haizhou, users.haizhou)
    make_household(areas.haiyue, users.street)
    make_household(areas.liubeiqiao, users.liubeiqiao)


def counts(response):
    return {node.area.code: node.households for node in response.context["nodes"]}


def test_tree_counts_households_up_to_street_and_county(
    login, users, households, django_assert_max_num_queries
):
    client = login(users.county)
    with django_assert_max_num_queries(4):  # session, user, area, and the one aggregate
        response = client.get(LIST)
    got = counts(response)
    assert got["210204"] == 4 and got["210204001000"] == 3 and got["210204002000"] == 1
    assert got["210204001001"] == 2 and got["210204001002"] == 1 and got["210204003001"] == 0
    depths = {node.area.code: node.depth for node in response.context["nodes"]}
    assert depths["210204"] == 0 and depths["210204001000"] == 1 and depths["210204001001"] == 2
    assert [node.area.code for node in response.context["nodes"]][:2] == ["210204", "210204001000"]


def test_tree_is_limited_to_the_users_area(login, users, households):
    assert counts(login(users.haizhou).get(LIST)) == {"210204001001": 2}
    street = counts(login(users.street).get(LIST))
    assert set(street) == {"210204001000", "210204001001", "210204001002", "210204001003"}


def test_only_admins_see_the_area_buttons(login, users):
    assert reverse("areas:area-create") in login(users.admin).get(LIST).content.decode()
    assert reverse("areas:area-create") not in login(users.county).get(LIST).content.decode()


def test_admin_creates_a_community(login, users, areas):
    response = login(users.admin).post(
        CREATE, {"code": "210204001004", "name": "海韵社区", "level": "community", "parent": "210204001000"}
    )
    assert response.status_code == 302
    created = Area.objects.get(code="210204001004")
    assert created.parent == areas.xinghaiwan and created.scope_prefix == "210204001004"
    assert AuditEntry.objects.filter(
        object_type="areas.area", object_id=str(created.pk), actor=users.admin
    ).exists()


def test_bad_code_is_shown_beside_the_code(login, users, areas):
    response = login(users.admin).post(
        CREATE, {"code": "210204002009", "name": "错社区", "level": "community", "parent": "210204001000"}
    )
    assert response.status_code == 200 and list(response.context["form"].errors) == ["code"]
    assert not Area.objects.filter(name="错社区").exists()


def test_missing_level_and_parent_are_asked_for(login, users, areas):
    response = login(users.admin).post(CREATE, {"code": "210204001004", "name": "海韵社区"})
    assert set(response.context["form"].errors) == {"level", "parent"}


def test_admin_renames_an_area(login, users, areas):
    url = reverse("areas:area-rename", args=[areas.haizhou.code])
    assert login(users.admin).post(url, {"name": "新海州社区"}).status_code == 302
    areas.haizhou.refresh_from_db()
    assert areas.haizhou.name == "新海州社区"


@pytest.mark.parametrize("role", ["haizhou", "street", "county", "auditor"])
def test_area_writes_are_for_admins_only(login, users, areas, role):
    client = login(getattr(users, role))
    assert client.get(CREATE).status_code == 403
    rename = reverse("areas:area-rename", args=[areas.haizhou.code])
    assert client.post(rename, {"name": "x"}).status_code == 403
    areas.haizhou.refresh_from_db()
    assert areas.haizhou.name == "海州社区"


def test_area_outside_the_admins_county_is_not_found(login, users, areas):
    other = area_create(code="210203", name="西岗区", level=Level.COUNTY, parent=None, actor=None)
    response = login(users.admin).post(reverse("areas:area-rename", args=[other.code]), {"name": "x"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "西岗区"
