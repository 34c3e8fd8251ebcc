"""Revoking API tokens, and deactivating a user, through the services and the `dibao` commands."""

import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from dibao.accounts.models import ApiToken
from dibao.accounts.selectors import live_tokens
from dibao.accounts.services import token_expire, token_issue, token_revoke, tokens_revoke, user_deactivate
from dibao.core.errors import Forbidden
from dibao.core.models import AuditEntry

from ..api_support import API

pytestmark = pytest.mark.django_db


def opens_the_api(secret: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client.get(f"{API}/auth/me/").status_code == 200


def test_issuing_clears_the_users_expired_tokens(users):
    old, _secret = token_issue(user=users.haizhou, actor=users.haizhou)
    ApiToken.objects.filter(pk=old.pk).update(expiry="2020-01-01T00:00:00Z")
    new, _secret = token_issue(user=users.haizhou, actor=users.haizhou)
    assert list(ApiToken.objects.all()) == [new]
    assert list(live_tokens(users.haizhou)) == [new]
    # The trail has each token's issue, and how the expired one ended.
    trail = AuditEntry.objects.filter(object_type="accounts.apitoken").order_by("id")
    assert [(e.action, e.object_id, e.note, e.actor) for e in trail] == [
        ("create", str(old.pk), "", users.haizhou),
        ("delete", str(old.pk), "expired", users.haizhou),
        ("create", str(new.pk), "", users.haizhou),
    ]
    assert all(e.area_code == "210204001001" for e in trail)


def test_an_expired_token_sent_to_the_api_is_removed_and_the_trail_says_so(users):
    token, secret = token_issue(user=users.haizhou, actor=users.haizhou)
    ApiToken.objects.filter(pk=token.pk).update(expiry="2020-01-01T00:00:00Z")
    assert not opens_the_api(secret)
    assert not ApiToken.objects.exists()
    entry = AuditEntry.objects.get(object_type="accounts.apitoken", action="delete")
    assert (entry.object_id, entry.note, entry.actor) == (str(token.pk), "expired", users.haizhou)
    assert set(entry.before) == {"user_id", "created", "expiry"}  # never the digest or the key
    with pytest.raises(ValueError):  # a token in force ends only by its user or a manager
        token_expire(token=token_issue(user=users.haizhou, actor=users.haizhou)[0])


def test_only_the_tokens_user_or_their_managers_revoke_it(users):
    token, secret = token_issue(user=users.haizhou, actor=users.haizhou)
    token_id = token.pk
    for outsider in (users.liubeiqiao, users.street, users.county, users.auditor):
        with pytest.raises(Forbidden):
            token_revoke(token=token, actor=outsider)
    assert opens_the_api(secret)
    token_revoke(token=token, actor=users.admin)
    assert not opens_the_api(secret)
    entry = AuditEntry.objects.get(action="delete", object_type="accounts.apitoken")
    assert entry.actor == users.admin and entry.object_id == str(token_id)


def test_deactivating_a_user_revokes_their_tokens(users):
    secrets = [token_issue(user=users.haizhou, actor=users.haizhou)[1] for _ in range(2)]
    _other, others = token_issue(user=users.liubeiqiao, actor=users.liubeiqiao)
    user_deactivate(user=users.haizhou, actor=users.admin)
    users.haizhou.refresh_from_db()
    assert not users.haizhou.is_active
    assert not ApiToken.objects.filter(user=users.haizhou).exists()
    assert not any(opens_the_api(secret) for secret in secrets)
    assert opens_the_api(others)
    trail = AuditEntry.objects.filter(actor=users.admin)
    assert trail.filter(action="update", object_type="accounts.user", after={"is_active": False}).exists()
    assert trail.filter(action="delete", object_type="accounts.apitoken").count() == 2


def test_deactivating_a_user_ends_their_page_session(login, users):
    client = login(users.haizhou)
    assert client.get("/households/").status_code == 200
    user_deactivate(user=users.haizhou, actor=None)
    assert client.get("/households/").status_code == 302  # back to the log-in page


def test_only_user_managers_deactivate(users):
    with pytest.raises(Forbidden):
        user_deactivate(user=users.haizhou, actor=users.street)
    with pytest.raises(Forbidden):
        tokens_revoke(user=users.haizhou, actor=users.county)
    users.haizhou.refresh_from_db()
    assert users.haizhou.is_active


def test_tokens_command_lists_and_revokes(users, capsys):
    first, secret = token_issue(user=users.haizhou, actor=users.haizhou)
    second, _secret = token_issue(user=users.haizhou, actor=users.haizhou)
    call_command("tokens", "--user", "w_haizhou", "--json")
    listed = json.loads(capsys.readouterr().out)
    assert listed["user"] == "w_haizhou"
    assert [t["id"] for t in listed["tokens"]] == [first.pk, second.pk]
    assert listed["tokens"][0]["expires"] == first.expiry.isoformat()

    call_command("tokens", "--user", "w_haizhou", "--revoke", "--json")
    assert json.loads(capsys.readouterr().out) == {"user": "w_haizhou", "revoked": 2}
    assert not opens_the_api(secret)
    # The server's operator did it: the trail says so with no user.
    assert (
        AuditEntry.objects.filter(action="delete", actor=None, object_type="accounts.apitoken").count() == 2
    )
    call_command("tokens", "--user", "w_haizhou")
    assert "no API token" in capsys.readouterr().out


def test_tokens_command_refuses_unknown_users_and_roles_that_may_not(users):
    with pytest.raises(CommandError, match="No user"):
        call_command("tokens", "--user", "nobody")
    token_issue(user=users.haizhou, actor=users.haizhou)
    with pytest.raises(CommandError, match="role may not"):
        call_command("tokens", "--user", "w_haizhou", "--revoke", "--as", "s_xinghaiwan")
    assert ApiToken.objects.exists()


def test_deactivateuser_command(users, capsys):
    _token, secret = token_issue(user=users.haizhou, actor=users.haizhou)
    call_command("deactivateuser", "--username", "w_haizhou", "--json")
    assert json.loads(capsys.readouterr().out) == {"username": "w_haizhou", "active": False}
    assert not opens_the_api(secret)
