"""Fixtures shared by every test: the demo county's areas and one user of each role."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.roles import Role
from dibao.demo import county

from .factories import UserFactory


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language (Chinese): a request or an override in an earlier
    test must not leave another language switched on for the next."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files the tests' jobs keep go to a folder of the test's own, never the server's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def areas(db: None) -> SimpleNamespace:
    """沙河口区 (210204) with its streets and communities; the demo users are created too."""
    county.build_areas()
    get = Area.objects.get
    return SimpleNamespace(
        county=get(code="210204"),
        xinghaiwan=get(code="210204001000"),  # street
        shiqiaopu=get(code="210204002000"),  # street
        haizhou=get(code="210204001001"),  # community in 星海湾
        haiyue=get(code="210204001002"),  # community in 星海湾
        liubeiqiao=get(code="210204002001"),  # community in 石桥铺
    )


@pytest.fixture
def users(areas: SimpleNamespace) -> SimpleNamespace:
    """One user per role: community workers of 海州 and 柳背桥, the 星海湾 street, the county."""
    make = UserFactory.create
    return SimpleNamespace(
        haizhou=make(username="w_haizhou", role=Role.COMMUNITY, area=areas.haizhou),
        liubeiqiao=make(username="w_liubeiqiao", role=Role.COMMUNITY, area=areas.liubeiqiao),
        street=make(username="s_xinghaiwan", role=Role.STREET, area=areas.xinghaiwan),
        county=make(username="c_county", role=Role.COUNTY, area=areas.county),
        auditor=make(username="a_auditor", role=Role.AUDITOR, area=areas.county),
        admin=make(username="a_admin", role=Role.ADMIN, area=areas.county),
    )


PASSWORD = "pass-word-123"


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """`login(user)` logs the test client in as that user and returns the client."""

    def _login(user: User):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _login
