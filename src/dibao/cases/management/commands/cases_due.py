import json
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand

from ...selectors import due_cases
from ...services import due_soon_limit


def _row(app: Any) -> dict[str, Any]:
    return {
        "id": app.pk,
        "applicant": app.applicant_name,
        "household": app.household.number,
        "community": app.community.code,
        "state": app.state,
        "accepted_on": app.accepted_on.isoformat() if app.accepted_on else None,
        "due_on": app.due_on.isoformat(),
        "extended": app.extended,
    }


class Command(ConsoleCommand):
    help = "Open applications of an area that are overdue or due within five working days."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"].strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        found = due_cases(area, soon=due_soon_limit())
        if options["json"]:
            self.stdout.write(
                json.dumps({k: [_row(a) for a in v] for k, v in found.items()}, ensure_ascii=False)
            )
            return
        for label, key in (("OVERDUE", "overdue"), ("due soon", "due_soon")):
            for app in found[key]:
                self.stdout.write(
                    f"{label}\t{app.due_on}\t{app.community.name}\t{app.applicant_name}\t{app.get_state_display()}"
                )
        self.stdout.write(f"{len(found['overdue'])} overdue, {len(found['due_soon'])} due soon")
