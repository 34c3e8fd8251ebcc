"""The `dibao` command: Django's manage.py under the project's name.

`dibao serve` defaults to the production settings, every other command to development's.
`dibao import-roster …` runs the management command `import_roster`; hyphens read better on a
command line and Django's command names are module names. A command run on a database that has not
been migrated (a new install, or an upgrade before `dibao migrate`) ends in one line saying so,
whichever command it was, instead of the database's traceback.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    # `dibao serve` is the production server; every other command defaults to a developer's copy.
    serving = len(argv) > 1 and argv[1] == "serve"
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", f"dibao.config.settings.{'production' if serving else 'development'}"
    )
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(argv)
    except DatabaseError:
        from dibao.core.console import unmigrated_message

        message = unmigrated_message(argv)
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
