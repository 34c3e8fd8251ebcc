"""The `dibao` command: Django's manage.py under the project's name.

`dibao import-roster …` runs the management command `import_roster`; hyphens read better on a
command line and Django's command names are module names.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dibao.config.settings.development")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
