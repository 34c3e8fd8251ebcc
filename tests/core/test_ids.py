"""Ids in paths, bodies and queries: one bound (`core.ids`), checked before any query."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from dibao.core.errors import DomainError
from dibao.core.ids import LARGEST, IdConverter, parse_id


def test_largest_is_what_a_bigautofield_holds():
    assert LARGEST == 2**63 - 1


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("42", 42), (str(2**63 - 1), 2**63 - 1)])
def test_the_converter_takes_ids_the_column_holds(text, expected):
    assert IdConverter().to_python(text) == expected


@pytest.mark.parametrize("text", ["0", str(2**63), "99999999999999999999", "9" * 5000])
def test_the_converter_matches_no_other(text):
    with pytest.raises(ValueError):
        IdConverter().to_python(text)


@pytest.mark.parametrize(("value", "expected"), [("7", 7), (7, 7), (" 7 ", 7), (2**63 - 1, 2**63 - 1)])
def test_parse_id(value, expected):
    assert parse_id(value, "household") == expected


@pytest.mark.parametrize(
    "value", ["", None, "0", "-1", "abc", "1.5", "²", str(2**63), "99999999999999999999"]
)
def test_parse_id_refuses_on_its_field(value):
    with pytest.raises(DomainError) as caught:
        parse_id(value, "household")
    assert list(caught.value.errors) == ["household"]


def _patterns(resolver: URLResolver, prefix: str = ""):  # type: ignore[no-untyped-def]
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def test_every_url_that_names_a_row_uses_the_id_converter():
    """A plain `<int:…>` would pass any integer to the query: a 500 for one too large."""
    plain = []
    for route, entry in _patterns(get_resolver()):
        converters = getattr(entry.pattern, "converters", {})
        plain += [f"{route} ({name})" for name, c in converters.items() if isinstance(c, IntConverter)]
    assert plain == []
