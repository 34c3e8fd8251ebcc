import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from dibao.accounts.models import User
from dibao.core.models import AuditEntry

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def log_in(client, username, password, address="10.0.0.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def counted(username):
    return sum(AccessAttempt.objects.filter(username=username).values_list("failures_since_start", flat=True))


def test_login_page_renders_in_chinese_by_default(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert 'name="username"' in response.content.decode()


def test_login_with_right_password_goes_to_the_households(client, users):
    response = log_in(client, "w_haizhou", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("registry:household-list")
    assert client.get(reverse("registry:household-list")).status_code == 200


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("registry:household-list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN + "?next=")


def test_wrong_password_is_refused_and_counted(client, users):
    response = log_in(client, "w_haizhou", "wrong")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert response.context["form"].errors["__all__"]
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("w_haizhou", "10.0.0.1", 1)
    ]


def test_a_username_is_locked_wherever_the_guesses_come_from(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(2):  # from different machines
        assert log_in(client, "w_haizhou", "wrong", address=f"10.0.0.{n + 1}").status_code == 200
    # The failure that reaches the limit already says so.
    assert log_in(client, "w_haizhou", "wrong", address="10.0.0.3").status_code == 429
    response = log_in(client, "w_haizhou", PASSWORD, address="10.0.0.9")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    [error] = response.context["form"].non_field_errors().as_data()
    assert error.code == "locked_out"
    # 15 minutes from the last failure, in Chinese, with the time to come back.
    ends = timezone.localtime(
        AccessAttempt.objects.latest("attempt_time").attempt_time + settings.AXES_COOLOFF_TIME
    )
    assert str(error.message) == (
        f"该用户名登录失败次数过多，已暂时锁定。请在 15 分钟后（{ends:%H:%M} 以后）再试。"
    )
    assert str(error.message) in response.content.decode()
    # The refusal itself is not counted: the wait does not grow with every try.
    assert counted("w_haizhou") == 3


def test_the_lockout_message_in_english(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 1
    log_in(client, "w_haizhou", "wrong")
    response = log_in(client, "w_haizhou", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many failed log-ins for this username" in response.content.decode()
    assert "Try again in 15 minutes, after" in response.content.decode()


def test_a_lock_on_one_username_leaves_colleagues_at_the_same_address_alone(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    # Five wrong passwords for the street officer, from the street office's one address …
    for _ in range(5):
        log_in(client, "s_xinghaiwan", "wrong", address="10.9.9.9")
    assert log_in(client, "s_xinghaiwan", PASSWORD, address="10.9.9.9").status_code == 429
    # … and the community worker in the same office still logs in.
    assert log_in(client, "w_haizhou", PASSWORD, address="10.9.9.9").status_code == 302


def test_forwarded_for_is_ignored_without_trusted_proxies(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        log_in(client, "w_haizhou", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    assert log_in(client, "w_haizhou", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_forwarded_for_is_honoured_from_a_trusted_proxy_only(client, users, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    # Through our proxy: the address it appended; what the client wrote left of it is ignored.
    log_in(client, "w_haizhou", "wrong", address="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    # Straight to the server, past the proxy: the header is the client's own and is ignored.
    log_in(client, "w_haizhou", "wrong", address="10.0.0.66", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7", "10.0.0.66"}


def test_old_failures_fall_out_after_the_cool_off(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        log_in(client, "w_haizhou", "wrong")
    assert log_in(client, "w_haizhou", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert log_in(client, "w_haizhou", PASSWORD).status_code == 302


def test_success_starts_the_username_afresh(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client, "w_haizhou", "wrong", address="10.0.0.1")
    log_in(client, "w_haizhou", "wrong", address="10.0.0.2")
    log_in(client, "someone", "wrong", address="10.0.0.3")
    assert log_in(client, "w_haizhou", PASSWORD).status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["someone"]


def test_logout_is_post_only(login, users):
    client = login(users.haizhou)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_users_page_lists_the_admins_area(login, users):
    response = login(users.admin).get(reverse("accounts:user-list"))
    assert response.status_code == 200
    listed = {u.username for u in response.context["users"]}
    assert {"w_haizhou", "w_liubeiqiao", "s_xinghaiwan", "c_county", "a_admin"} <= listed


@pytest.mark.parametrize("role", ["haizhou", "street", "county", "auditor"])
def test_users_pages_are_for_admins_only(login, users, role):
    client = login(getattr(users, role))
    assert client.get(reverse("accounts:user-list")).status_code == 403
    assert client.get(reverse("accounts:user-create")).status_code == 403
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "x",
            "role": "community",
            "area": "210204001001",
            "password": "Long-pass-9",
            "password_again": "Long-pass-9",
        },
    )
    assert response.status_code == 403 and not User.objects.filter(username="x").exists()


def test_admin_creates_a_user_through_the_service(login, users, areas):
    client = login(users.admin)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "w_haiyue",
            "full_name": "海月社区 王专干",
            "role": "community",
            "area": areas.haiyue.code,
            "password": "Haiyue-2026-pw",
            "password_again": "Haiyue-2026-pw",
        },
    )
    assert response.status_code == 302 and response.url == reverse("accounts:user-list")
    created = User.objects.get(username="w_haiyue")
    assert created.area == areas.haiyue and created.check_password("Haiyue-2026-pw")
    assert AuditEntry.objects.filter(
        object_type="accounts.user", object_id=str(created.pk), actor=users.admin
    ).exists()


def test_user_create_shows_service_errors_beside_the_fields(login, users, areas):
    client = login(users.admin)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "w_x",
            "role": "community",
            "area": areas.xinghaiwan.code,
            "password": "Haiyue-2026-pw",
            "password_again": "Haiyue-2026-pw",
        },
    )
    assert response.status_code == 200 and not User.objects.filter(username="w_x").exists()
    form = response.context["form"]
    assert list(form.errors) == ["area"]  # a community worker belongs to a community, not a street
    mismatch = client.post(
        reverse("accounts:user-create"),
        {
            "username": "w_y",
            "role": "community",
            "area": areas.haiyue.code,
            "password": "Haiyue-2026-pw",
            "password_again": "other",
        },
    )
    assert "password_again" in mismatch.context["form"].errors
    assert not User.objects.filter(username="w_y").exists()
