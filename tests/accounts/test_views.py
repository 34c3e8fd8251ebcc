import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dibao.accounts.models import FailedLogin, User
from dibao.core.models import AuditEntry

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


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
    assert list(FailedLogin.objects.values_list("username", "address")) == [("w_haizhou", "10.0.0.1")]


def test_throttle_per_username_refuses_even_the_right_password(client, users, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    for n in range(3):  # from three different machines
        log_in(client, "w_haizhou", "wrong", address=f"10.0.0.{n + 1}")
    response = log_in(client, "W_Haizhou", PASSWORD, address="10.0.0.9")
    assert "_auth_user_id" not in client.session
    [error] = response.context["form"].non_field_errors().as_data()
    # the window is 300 s and the failures are fresh: about five minutes to wait
    assert error.code == "throttled" and "5" in str(error.message)
    assert str(error.message) in response.content.decode()
    # the refusal itself is not counted: the wait does not grow with every try
    assert FailedLogin.objects.count() == 3


def test_throttle_per_address_covers_every_username(client, users, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    for name in ("a", "b", "c"):
        log_in(client, name, "guess", address="10.9.9.9")
    response = log_in(client, "w_liubeiqiao", PASSWORD, address="10.9.9.9")
    assert "_auth_user_id" not in client.session and response.status_code == 200
    # another machine may still log in as that user
    assert log_in(client, "w_liubeiqiao", PASSWORD, address="10.1.1.1").status_code == 302


def test_old_failures_fall_out_of_the_window(client, users, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    for _ in range(3):
        log_in(client, "w_haizhou", "wrong")
    FailedLogin.objects.update(
        at=timezone.now() - datetime.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW + 1)
    )
    assert log_in(client, "w_haizhou", PASSWORD).status_code == 302


def test_success_clears_the_usernames_failures(client, users, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    log_in(client, "w_haizhou", "wrong", address="10.0.0.1")
    log_in(client, "w_haizhou", "wrong", address="10.0.0.2")
    log_in(client, "someone", "wrong", address="10.0.0.3")
    assert log_in(client, "w_haizhou", PASSWORD).status_code == 302
    assert list(FailedLogin.objects.values_list("username", flat=True)) == ["someone"]


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
