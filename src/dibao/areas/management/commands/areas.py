import json
from typing import Any

from dibao.core.console import ConsoleCommand

from ...models import Area


class Command(ConsoleCommand):
    help = "List the areas: code, level and name, the tree indented."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        areas = list(Area.objects.select_related("parent").order_by("code"))
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "code": a.code,
                            "name": a.name,
                            "level": a.level,
                            "parent": a.parent.code if a.parent else None,
                        }
                        for a in areas
                    ],
                    ensure_ascii=False,
                )
            )
            return
        indent = {"county": "", "street": "  ", "community": "    "}
        for area in areas:
            self.stdout.write(f"{indent[area.level]}{area.code}  {area.name}")
