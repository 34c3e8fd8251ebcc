import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dibao.registry.models import Household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..conftest import PASSWORD
from ..factories import UserFactory, household_data, member_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    # The log-in throttle counts in the cache; each test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


def test_token_for_username_and_password_opens_the_api(users):
    response = api_as().post(f"{API}/auth/token/", {"username": "w_haizhou", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=users.haizhou).key

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get(f"{API}/auth/me/")
    assert me.status_code == 200
    assert me.json() == {
        "username": "w_haizhou",
        "full_name": "",
        "role": "community",
        "area": "210204001001",
        "area_name": "海州社区",
    }
    # The same token again, not a new one per log-in.
    again = api_as().post(f"{API}/auth/token/", {"username": "w_haizhou", "password": PASSWORD})
    assert again.json()["token"] == token


def test_wrong_password_is_400_with_a_message_in_chinese_by_default(users):
    response = api_as().post(f"{API}/auth/token/", {"username": "w_haizhou", "password": "wrong"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "无法使用提供的认证信息登录。"
    assert body["errors"] == {"__all__": ["无法使用提供的认证信息登录。"]}
    assert not Token.objects.exists()


def test_wrong_password_message_in_english_when_asked(users):
    response = api_as(language="en").post(f"{API}/auth/token/", {"username": "nobody", "password": "x"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Unable to log in with provided credentials."


def test_missing_password_names_the_field(users):
    response = api_as(language="en").post(f"{API}/auth/token/", {"username": "w_haizhou"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["This field is required."]}


def test_inactive_user_gets_no_token(users):
    users.haizhou.is_active = False
    users.haizhou.save()
    response = api_as().post(f"{API}/auth/token/", {"username": "w_haizhou", "password": PASSWORD})
    assert response.status_code == 400 and not Token.objects.exists()


def test_token_endpoint_is_throttled(users):
    client = api_as(language="en")
    codes = [
        client.post(f"{API}/auth/token/", {"username": "w_haizhou", "password": f"guess{i}"}).status_code
        for i in range(10)
    ]
    assert codes == [400] * 10
    # Even the right password is refused once the rate is spent.
    refused = client.post(f"{API}/auth/token/", {"username": "w_haizhou", "password": PASSWORD})
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "Retry-After" in refused.headers


def test_no_credentials_or_a_bad_token_is_401(users):
    anonymous = api_as(language="en").get(f"{API}/households/")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
    assert anonymous.headers["WWW-Authenticate"] == "Token"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(f"{API}/households/").status_code == 401


def test_session_works_and_csrf_is_enforced_for_session_writes(areas, users):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users.haizhou)
    assert client.get(f"{API}/households/").status_code == 200
    body = {"community": areas.haizhou.code, **household_data(), "head": member_data(relation=None)}
    body["head"].pop("relation")
    refused = client.post(f"{API}/households/", body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Household.objects.exists()
    # With the token there is no cookie to forge, and no CSRF token is needed.
    created = api_as(users.haizhou).post(f"{API}/households/", body)
    assert created.status_code == 201


def test_a_user_without_an_area_may_not_use_the_api(areas):
    user = UserFactory.create(username="bare", role="county", area=None)
    response = api_as(user, language="en").get(f"{API}/households/")
    assert response.status_code == 403
    assert "no area" in response.json()["detail"]
