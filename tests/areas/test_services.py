import pytest

from dibao.areas.models import Level
from dibao.areas.selectors import visible_areas
from dibao.areas.services import area_create, area_rename
from dibao.core.errors import DomainError, Forbidden

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("21020", Level.COUNTY, None),  # too short
        ("210204001004", Level.COMMUNITY, "county"),  # a community must lie in a street
        ("210205001004", Level.COMMUNITY, "street"),  # does not start with the street's code
        ("210204001000", Level.COMMUNITY, "street"),  # 000 is the street itself
        ("210204009001", Level.STREET, "county"),  # a street code ends in 000
    ],
)
def test_codes_must_fit_their_parent(areas, users, code, level, parent):
    parent_area = {"county": areas.county, "street": areas.xinghaiwan, None: None}[parent]
    with pytest.raises(DomainError):
        area_create(code=code, name="新社区", level=level, parent=parent_area, actor=users.admin)


def test_admin_creates_and_renames_and_others_cannot(areas, users):
    area = area_create(
        code="210204001009", name="新社区", level=Level.COMMUNITY, parent=areas.xinghaiwan, actor=users.admin
    )
    assert area.scope_prefix == "210204001009"
    assert area_rename(area=area, name="星光社区", actor=users.admin).name == "星光社区"
    with pytest.raises(Forbidden):
        area_create(
            code="210204001008", name="x", level=Level.COMMUNITY, parent=areas.xinghaiwan, actor=users.county
        )
    with pytest.raises(DomainError):  # the code is taken
        area_create(
            code="210204001009", name="x", level=Level.COMMUNITY, parent=areas.xinghaiwan, actor=users.admin
        )


def test_visible_areas_are_the_subtree(areas, users):
    assert set(visible_areas(users.street).values_list("code", flat=True)) == {
        "210204001000",
        "210204001001",
        "210204001002",
        "210204001003",
    }
    assert list(visible_areas(users.haizhou).values_list("code", flat=True)) == ["210204001001"]
    assert visible_areas(users.county).count() == 14
