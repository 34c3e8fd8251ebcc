"""Support for the API tests: clients that authenticate as real ones do, and ID numbers of their own."""

import itertools
from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient

from dibao.accounts.models import ApiToken, User

from . import factories

API = "/api/v1"


def token_for(user: User) -> str:
    """The API token `user` logs in with: the one place tests make tokens."""
    # Straight from the model, not `token_issue`: a test's own audit trail stays its own.
    _token, secret = ApiToken.objects.create(user=user)
    return secret


def api_as(user: User | None = None, *, language: str | None = None) -> APIClient:
    """A client sending `Authorization: Token …` for `user` (none: anonymous), JSON bodies, and
    `Accept-Language: language` when given (the default language is simplified Chinese)."""
    client = APIClient()
    client.default_format = "json"
    headers: dict[str, str] = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Token {token_for(user)}"
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    client.credentials(**headers)
    return client


@pytest.fixture(autouse=True)
def own_id_numbers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each API test draws ID numbers from a sequence of its own (unique within the test, which is
    all a rolled-back test needs). The factories' shared sequence moves birth dates once it passes
    500 numbers, and other tests count on the exact birth date of the numbers they draw."""
    monkeypatch.setattr(factories, "_sequence", itertools.count(1))
    yield
