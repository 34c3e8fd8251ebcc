"""How the API knows who calls it with a token: django-rest-knox's check, in one query."""

from typing import Any

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication

from .services import token_expire


class ApiTokenAuthentication(TokenAuthentication):
    """Knox's `Authorization: Token …`: the token's digest must match and it must not have expired.

    Knox also deletes the caller's *other* expired tokens on every request, a second query each
    time; here they go when their user next logs in (`services.token_issue`), so a request costs
    one query for its token, as before knox. The token sent is still refused, and removed through
    `services.token_expire` (audited), once it has expired.
    """

    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            token_expire(token=auth_token)
            return True
        return False


class ApiTokenScheme(KnoxTokenScheme):
    """The schema's name and description of the token (drf-spectacular's, for knox's class)."""

    target_class = "dibao.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
