"""The roster's 人员类别 column: the household's category, named as on the county's list; a name
not on it is an error on the head's row and that column, and nothing is written."""

import datetime

import pytest

from dibao.registry.models import Household, HouseholdCategory
from dibao.registry.roster.importer import import_roster

from ...factories import id_number
from .files import HEADERS, csv_bytes, row

pytestmark = pytest.mark.django_db
HEADERS_WITH_CATEGORY = [*HEADERS, "人员类别"]


def _file(category: str) -> tuple[str, bytes]:
    head, child = id_number(), id_number()
    rows = [[*row(head, "张三", head), category], [*row(head, "张小明", child, "子女"), ""]]
    return head, csv_bytes(rows, headers=HEADERS_WITH_CATEGORY)


def _run(areas, users, content):  # type: ignore[no-untyped-def]
    return import_roster(
        filename="roster.csv",
        content=content,
        area=areas.haizhou,
        actor=users.haizhou,
        today=datetime.date(2026, 11, 15),
    )


def test_the_category_is_matched_by_name(areas, users):
    rural = HouseholdCategory.objects.create(county=areas.county, name="农村居民")
    head, content = _file(" 农村居民 ")
    result = _run(areas, users, content)
    assert result.errors == []
    assert Household.objects.get(members__id_number=head).category == rural


def test_an_unknown_category_is_a_row_error(areas, users):
    HouseholdCategory.objects.create(county=areas.county, name="农村居民")
    HouseholdCategory.objects.create(county=areas.xinghaiwan.parent or areas.county, name="其他")
    _head, content = _file("城市居民")
    result = _run(areas, users, content)
    assert [(e.row, e.column) for e in result.errors] == [(2, "人员类别")]
    assert "农村居民" in result.errors[0].reason
    assert not Household.objects.exists()


def test_without_the_column_no_category(areas, users):
    head = id_number()
    result = _run(areas, users, csv_bytes([row(head, "张三", head)]))
    assert result.errors == []
    assert Household.objects.get().category is None
