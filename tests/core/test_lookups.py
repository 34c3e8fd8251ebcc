import pytest

from dibao.areas.models import Area

pytestmark = pytest.mark.django_db


def test_prefix_matches_exact_case_starts_and_escapes_wildcards(areas):
    codes = set(Area.objects.filter(code__prefix="210204001").values_list("code", flat=True))
    assert codes == {"210204001000", "210204001001", "210204001002", "210204001003"}
    assert not Area.objects.filter(code__prefix="2102040_1").exists()
    assert not Area.objects.filter(code__prefix="%").exists()
    assert set(Area.objects.filter(name__prefix="海").values_list("name", flat=True)) == {
        "海州社区",
        "海月社区",
        "海源社区",
    }
