import pytest
from django import forms
from django.test.html import parse_html

from dibao.areas.forms import AreaSelect

CHOICES = [
    ("", "All areas"),
    ("210204", "沙河口区"),
    ("210204001000", "\u3000星海湾街道"),
    ('x<&"', "<b>&</b>"),
]


@pytest.mark.parametrize("value", ["", "210204001000", 'x<&"', "absent", None])
@pytest.mark.parametrize("attrs", [None, {"id": "id_area", "required": True, "disabled": False}])
def test_an_area_select_writes_the_same_html_as_django_select(value, attrs):
    ours = AreaSelect(choices=CHOICES).render("area", value, attrs)
    django = forms.Select(choices=CHOICES).render("area", value, attrs)
    assert parse_html(ours) == parse_html(django)
    assert ("selected" in ours) == (value in {c for c, _label in CHOICES} or value is None)
