import pytest

from dibao.registry.models import Household
from dibao.registry.search import name_keys, search_households

from ..factories import id_number, make_household

pytestmark = pytest.mark.django_db


def test_name_keys():
    assert name_keys("张三") == ("zhangsan", "zs")
    assert name_keys("李 Lily") == ("lilily", "ll")


@pytest.fixture
def households(areas, users):
    zhang = make_household(
        areas.haizhou, users.haizhou, address="海州街1号", head={"name": "张三", "id_number": id_number()}
    )
    li = make_household(
        areas.haizhou, users.haizhou, address="海源街9号", head={"name": "李四", "id_number": id_number()}
    )
    return zhang, li


@pytest.mark.parametrize("query", ["zs", "ZS", "zhangsan", "zhangs", "张三", "张", "海州街"])
def test_search_finds_by_name_pinyin_and_address(households, query):
    zhang, _li = households
    assert list(search_households(Household.objects.all(), query)) == [zhang]


def test_search_by_id_tail_whole_id_and_household_number(households):
    zhang, li = households
    number = zhang.members.get().id_number
    everyone = Household.objects.all()
    assert list(search_households(everyone, number[-6:].lower())) == [zhang]
    assert list(search_households(everyone, number)) == [zhang]
    assert list(search_households(everyone, li.number)) == [li]
    assert set(search_households(everyone, "   ")) == {zhang, li}
    assert list(search_households(everyone, "wangwu")) == []
