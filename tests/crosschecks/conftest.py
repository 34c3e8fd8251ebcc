import pytest

from tests.cases.support import standards


@pytest.fixture(autouse=True)
def policy(areas):  # type: ignore[no-untyped-def]
    """The demo county's standards (urban 360, rural 200), so households are assessed and the
    income rules have a line."""
    standards(areas)
