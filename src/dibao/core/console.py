"""What every `dibao` sub-command needs: acting as a user, refusals worded for the console, and
mistakes that end in one line on stderr rather than a usage screen or a traceback.

Each command of the project derives from `ConsoleCommand`:
- a wrong option, a missing one or a value of the wrong kind is one line naming the command;
- a file that cannot be read or written (no such folder, no permission) is one line naming it;
- `output_file` (an option's `type`) refuses `--out` into a folder that does not exist before
  any work is done, so nothing is marked as exported for a file that was never written.
A database whose tables are missing is answered once for every command, Django's own included,
by the `dibao` entry point (`config/cli.py`) with `unmigrated_message`.
"""

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext

from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import parse_month
from dibao.core.page_access import Staff


class ConsoleCommand(BaseCommand):
    """A `dibao` sub-command whose mistakes are one line on stderr and a non-zero exit status."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        name = f"{Path(prog_name).name} {subcommand.replace('_', '-')}"

        def one_line(message: str) -> NoReturn:
            if not parser.called_from_command_line:  # call_command: Django raises CommandError
                raise CommandError(f"Error: {message}")
            parser.exit(2, f"{name}: {message} (see `{name} --help`)\n")

        # argparse prints its usage screen before the message; the message alone says what to fix.
        parser.error = one_line  # type: ignore[method-assign]
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except OSError as exc:
            raise CommandError(file_problem(exc)) from None


def file_problem(exc: OSError) -> str:
    """An operating system's refusal in one line: what went wrong, and with which file."""
    what = exc.strerror or str(exc)
    return f"{what}: {exc.filename}" if exc.filename is not None else what


def month_named(text: str, option: str = "--month") -> Any:
    """The first day of the month an option names as YYYY-MM, or one line saying what was wrong."""
    try:
        return parse_month(text, field=option)
    except DomainError:
        raise CommandError(f"{option} must be a month written YYYY-MM, not {text!r}.") from None


def output_file(value: str) -> Path:
    """The `type` of an `--out` option: a file to write into a folder that exists."""
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a folder; name the file to write")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"no folder {path.parent} to write {path.name} into")
    return path


def actor_for(username: str | None) -> Staff | None:
    """The active user `--as` names, or None: the server's operator, whom no area limits."""
    if not username:
        return None
    # The project's user model by name, not by import: accounts sits above core.
    actor = get_user_model().objects.filter(username=username, is_active=True).select_related("area").first()
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


def command_language(argv: Sequence[str]) -> str:
    """The language a command line asked for (`--language en`), else the site's."""
    codes = [code for code, _ in settings.LANGUAGES]
    for i, word in enumerate(argv):
        value = argv[i + 1] if word == "--language" and i + 1 < len(argv) else None
        if word.startswith("--language="):
            value = word.split("=", 1)[1]
        if value in codes:
            return value
    return str(settings.LANGUAGE_CODE)


def unmigrated_message(argv: Sequence[str]) -> str | None:
    """When the database lacks migrations, the one line that says what to do; else None (the
    error that led here is something else and is not hidden)."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return None
    if not pending:
        return None
    with translation.override(command_language(argv)):
        return gettext(
            "The database has not been set up for this version of dibao: run `dibao migrate` first."
        )
