import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from rest_framework.test import APIClient

from dibao.accounts.models import ApiToken
from dibao.core.models import AuditEntry
from dibao.registry.models import Household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from ..conftest import PASSWORD
from ..factories import UserFactory, household_data, member_data

pytestmark = pytest.mark.django_db

TOKEN = f"{API}/auth/token/"


def get_token(username="w_haizhou", password=PASSWORD, *, address="10.0.0.1", language=None, **headers):
    return api_as(language=language).post(
        TOKEN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_token_for_username_and_password_opens_the_api(users):
    response = get_token()
    assert response.status_code == 200
    token = response.json()["token"]
    me = with_token(token).get(f"{API}/auth/me/")
    assert me.status_code == 200
    assert me.json() == {
        "username": "w_haizhou",
        "full_name": "",
        "role": "community",
        "area": "210204001001",
        "area_name": "海州社区",
    }
    # Only a digest is stored, never the token itself.
    stored = ApiToken.objects.get(user=users.haizhou)
    assert token not in (stored.digest, stored.token_key)
    # Each log-in has its own token (a phone and a desk), and both work.
    again = get_token().json()["token"]
    assert again != token
    assert with_token(token).get(f"{API}/auth/me/").status_code == 200
    assert with_token(again).get(f"{API}/auth/me/").status_code == 200


def test_a_token_lasts_one_working_day_by_default(users):
    before = timezone.now()
    body = get_token().json()
    expiry = datetime.datetime.fromisoformat(body["expiry"])
    assert before + datetime.timedelta(hours=10) <= expiry <= timezone.now() + datetime.timedelta(hours=10)
    assert ApiToken.objects.get().expiry == expiry


def test_token_lifetime_is_a_setting(users, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(hours=2)}
    expiry = datetime.datetime.fromisoformat(get_token().json()["expiry"])
    assert expiry <= timezone.now() + datetime.timedelta(hours=2)
    assert expiry > timezone.now() + datetime.timedelta(hours=1, minutes=59)


def test_an_expired_token_opens_nothing(users):
    token = get_token().json()["token"]
    ApiToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    response = with_token(token).get(f"{API}/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert not ApiToken.objects.exists()  # and it is gone


def test_issuing_a_token_is_in_the_audit_trail(users):
    get_token()
    token = ApiToken.objects.get()
    entry = AuditEntry.objects.get(object_type="accounts.apitoken")
    assert (entry.action, entry.actor, entry.object_id) == ("create", users.haizhou, str(token.pk))
    assert entry.area_code == "210204001001"
    assert set(entry.after) == {"user_id", "created", "expiry"}  # never the digest or the key


def test_logout_revokes_the_token_it_was_sent_with(users):
    first = get_token().json()["token"]
    second = get_token().json()["token"]
    response = with_token(first).post(f"{API}/auth/logout/")
    assert response.status_code == 204
    assert with_token(first).get(f"{API}/auth/me/").status_code == 401
    assert with_token(second).get(f"{API}/auth/me/").status_code == 200
    entry = AuditEntry.objects.get(object_type="accounts.apitoken", action="delete")
    assert entry.actor == users.haizhou and entry.before["user_id"] == users.haizhou.pk


def test_logout_needs_a_token(users):
    client = APIClient()
    client.force_login(users.haizhou)
    assert client.post(f"{API}/auth/logout/").status_code == 401


def test_wrong_password_is_400_with_a_message_in_chinese_by_default(users):
    response = get_token(password="wrong")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "用户名或密码错误。"
    assert body["errors"] == {"__all__": ["用户名或密码错误。"]}
    assert not ApiToken.objects.exists()


def test_wrong_password_message_in_english_when_asked(users):
    response = get_token("nobody", "x", language="en")
    assert response.status_code == 400
    assert response.json()["detail"] == "Wrong username or password."


def test_missing_password_names_the_field(users):
    response = api_as(language="en").post(TOKEN, {"username": "w_haizhou"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["This field is required."]}


def test_inactive_user_gets_no_token(users):
    users.haizhou.is_active = False
    users.haizhou.save()
    response = get_token()
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_forty_guesses_from_forty_forged_addresses_are_locked_after_five(users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    codes = [
        get_token(password=f"guess{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(40)
    ]
    assert codes == [400] * 4 + [429] * 36
    # Even the right password is refused now, and nothing was counted beyond the limit.
    refused = get_token(language="en")
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "locked_out" and body["errors"] == {}
    assert body["detail"].startswith("Too many failed log-ins for this username")
    assert "Try again in 15 minutes" in body["detail"]
    assert 14 * 60 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    assert not ApiToken.objects.exists()


def test_failed_api_log_ins_count_toward_the_page_lock(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    login = {"username": "w_haizhou", "password": "wrong"}
    client.post("/accounts/login/", login, REMOTE_ADDR="10.0.0.1")
    get_token(password="wrong", address="10.0.0.2")
    client.post("/accounts/login/", login, REMOTE_ADDR="10.0.0.3")
    page = client.post("/accounts/login/", {**login, "password": PASSWORD}, REMOTE_ADDR="10.0.0.4")
    assert page.status_code == 429 and "_auth_user_id" not in client.session


def test_a_user_locked_on_the_page_gets_no_token(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(
            "/accounts/login/", {"username": "w_haizhou", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
    response = get_token(address="10.0.0.2")
    assert response.status_code == 429 and response.json()["code"] == "locked_out"
    assert not ApiToken.objects.exists()
    # A colleague at the same address is not locked.
    assert get_token("w_liubeiqiao", address="10.0.0.1").status_code == 200


def test_a_token_log_in_starts_the_username_afresh(users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    get_token(password="wrong")
    get_token(password="wrong")
    assert get_token().status_code == 200
    assert not AccessAttempt.objects.filter(username="w_haizhou").exists()
    users.haizhou.refresh_from_db()
    assert users.haizhou.last_login is not None


def test_no_credentials_or_a_bad_token_is_401(users):
    anonymous = api_as(language="en").get(f"{API}/households/")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
    assert anonymous.headers["WWW-Authenticate"] == "Token"
    assert with_token("not-a-token").get(f"{API}/households/").status_code == 401


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


def test_the_schema_documents_log_in_log_out_and_the_lock():
    schema = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert {"200", "400", "429"} <= set(token["responses"])
    assert "Retry-After" in token["responses"]["429"]["description"]
    assert set(schema["components"]["schemas"]["TokenOutput"]["properties"]) == {"token", "expiry"}
    assert "204" in schema["paths"]["/api/v1/auth/logout/"]["post"]["responses"]
