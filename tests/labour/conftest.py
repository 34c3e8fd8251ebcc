import pytest

from tests.cases.support import standards


@pytest.fixture(autouse=True)
def policy(areas):  # type: ignore[no-untyped-def]
    """The demo county's standards, so that receiving households are assessed."""
    standards(areas)
