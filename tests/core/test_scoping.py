"""`core.scoping`: what a user may see, by area code, with the console's operator named outright."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dibao.areas.models import Area
from dibao.core.scoping import (
    CONSOLE,
    areas_above,
    county_code_of,
    covers,
    reaching,
    within,
    within_area,
)


def viewer(code: str, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(area=SimpleNamespace(code=code, scope_prefix=prefix))


@pytest.mark.parametrize(
    ("code", "above"),
    [
        ("210204", []),
        ("210204001000", ["210204"]),
        ("210204001003", ["210204", "210204001000"]),
    ],
)
def test_areas_above(code, above):
    assert areas_above(code) == above


def test_the_county_of_a_user_and_of_the_console():
    assert county_code_of(viewer("210204001003", "210204001003")) == "210204"
    assert county_code_of(CONSOLE) == ""


def test_nobody_is_refused_rather_than_read_as_everybody():
    for ask in (lambda: covers(None, "210204"), lambda: county_code_of(None)):
        with pytest.raises(TypeError):
            ask()
    with pytest.raises(TypeError):
        within(Area.objects.all(), None, "code")


def test_covers_by_prefix():
    street = viewer("210204001000", "210204001")
    assert covers(street, "210204001003")
    assert not covers(street, "210204002001")
    assert covers(CONSOLE, "110101")


@pytest.mark.django_db
def test_within_is_the_users_area_and_below(areas):
    street = viewer(areas.xinghaiwan.code, areas.xinghaiwan.scope_prefix)
    seen = set(within(Area.objects.all(), street, "code").values_list("code", flat=True))
    assert seen == {areas.xinghaiwan.code, areas.haizhou.code, areas.haiyue.code} | {
        a.code for a in Area.objects.filter(parent=areas.xinghaiwan)
    }
    assert within(Area.objects.all(), CONSOLE, "code").count() == Area.objects.count()
    narrowed = within_area(Area.objects.all(), areas.haizhou, "code")
    assert list(narrowed.values_list("code", flat=True)) == [areas.haizhou.code]


@pytest.mark.django_db
def test_within_uses_the_indexed_prefix_lookup_not_like_on_sqlite(areas):
    street = viewer(areas.xinghaiwan.code, areas.xinghaiwan.scope_prefix)
    with CaptureQueriesContext(connection) as queries:
        list(within(Area.objects.all(), street, "code"))
    sql = queries.captured_queries[0]["sql"]
    assert ("LIKE" in sql) == (connection.vendor == "postgresql")


@pytest.mark.django_db
def test_reaching_adds_the_areas_above_and_nothing_beside(areas):
    community = viewer(areas.haizhou.code, areas.haizhou.scope_prefix)
    seen = set(Area.objects.filter(reaching(community, "code")).values_list("code", flat=True))
    assert seen == {areas.county.code, areas.xinghaiwan.code, areas.haizhou.code}


def test_a_user_without_an_area_is_refused_rather_than_read_as_everybody():
    nowhere = SimpleNamespace(area=None)
    with pytest.raises(TypeError):
        within(Area.objects.all(), nowhere, "code")
    with pytest.raises(TypeError):
        county_code_of(nowhere)
