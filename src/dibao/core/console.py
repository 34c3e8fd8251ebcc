"""What every `dibao` sub-command needs: acting as a user, and refusals worded for the console."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError

from dibao.core.errors import DomainError, Forbidden, NotFound


def actor_for(username: str | None) -> Any:
    """The active user `--as` names, or None: the server's operator, whom no area limits."""
    if not username:
        return None
    from dibao.accounts.models import User  # accounts depends on core, not the other way round

    actor = User.objects.filter(username=username, is_active=True).select_related("area").first()
    if actor is None:
        raise CommandError(f"No active user {username}.")
    return actor


@contextmanager
def refusals(what: str) -> Iterator[None]:
    """Turn a service's refusal into a command error (exit status 1) with its message."""
    try:
        yield
    except NotFound:
        raise CommandError(f"{what}: not found in your area.") from None
    except Forbidden:
        raise CommandError(f"{what}: your role may not do this.") from None
    except DomainError as exc:
        raise CommandError(f"{what}: {exc}") from None
