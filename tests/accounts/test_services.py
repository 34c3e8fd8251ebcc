import pytest

from dibao.accounts.services import user_create
from dibao.core.errors import DomainError, Forbidden

pytestmark = pytest.mark.django_db


def test_role_must_match_the_area_level(areas, users):
    with pytest.raises(DomainError) as caught:
        user_create(username="x", role="street", area=areas.haizhou, password="Long-enough-9", actor=None)
    assert "area" in caught.value.errors
    user = user_create(username="x", role="auditor", area=areas.haizhou, password="Long-enough-9", actor=None)
    assert user.check_password("Long-enough-9") and user.password != "Long-enough-9"


def test_weak_password_and_taken_username_are_refused(areas, users):
    with pytest.raises(DomainError) as weak:
        user_create(username="y", role="community", area=areas.haizhou, password="123", actor=None)
    assert "password" in weak.value.errors
    with pytest.raises(DomainError):
        user_create(
            username="w_haizhou", role="community", area=areas.haizhou, password="Long-enough-9", actor=None
        )


def test_only_admins_create_users(areas, users):
    with pytest.raises(Forbidden):
        user_create(
            username="z", role="community", area=areas.haizhou, password="Long-enough-9", actor=users.county
        )
