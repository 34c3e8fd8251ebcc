import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.ids import id_argument

from ...models import Recalculation
from ...services import recalculation_confirm, recalculation_discard


def _as_json(batch: Recalculation) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "area": batch.area.code,
        "month": f"{batch.month:%Y-%m}",
        "standard": str(batch.standard.amount),
        "kind": batch.standard.kind,
        "state": batch.state,
        "households": batch.households,
        "raised": batch.raised,
        "lowered": batch.lowered,
        "no_longer_eligible": batch.no_longer_eligible,
        "monthly_total_before": str(batch.total_before),
        "monthly_total_after": str(batch.total_after),
    }


class Command(ConsoleCommand):
    help = "List recalculations after standard changes, and confirm or discard one."

    def add_arguments(self, parser: Any) -> None:
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--confirm", type=id_argument, metavar="ID", help="write the new amounts from its month"
        )
        action.add_argument("--discard", type=id_argument, metavar="ID", help="drop it; no amount changes")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_for(options["username"])
        chosen = options["confirm"] or options["discard"]
        if chosen is None:
            batches = Recalculation.objects.select_related("area", "standard").order_by("-id")[:50]
            if options["json"]:
                self.stdout.write(json.dumps([_as_json(b) for b in batches], ensure_ascii=False))
            for b in batches if not options["json"] else []:
                self.stdout.write(
                    f"{b.pk}\t{b.area.code}\t{b.month:%Y-%m}\t{b.standard.amount}\t{b.state}\t"
                    f"{b.households} households\t{b.total_before} → {b.total_after}"
                )
            return
        batch = Recalculation.objects.select_related("area", "standard").filter(pk=chosen).first()
        if batch is None:
            raise CommandError(f"No recalculation {chosen}.")
        service = recalculation_confirm if options["confirm"] else recalculation_discard
        with refusals("recalculation"):
            batch = service(recalculation=batch, actor=actor)
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(batch), ensure_ascii=False))
        else:
            self.stdout.write(f"recalculation {batch.pk}: {batch.get_state_display()}")
