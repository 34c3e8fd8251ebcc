import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.areas.console import county_named
from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.ids import id_argument
from dibao.core.months import this_month
from dibao.policy.models import Program, ProgramKind

from ...batches import bankfile, services
from ...batches.views import READERS
from ...models import DisbursementBatch
from ...services.grants import require_area


def _body(batch: DisbursementBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "county": batch.county.code,
        "program": batch.program_id,
        "number": batch.number,
        "title": batch.title,
        "state": batch.state,
        "households": batch.households,
        "persons": batch.persons,
        "amount": str(batch.amount),
        "created_by": batch.created_by.username if batch.created_by else None,
        "approved_by": batch.approved_by.username if batch.approved_by else None,
        "exported_at": batch.exported_at.isoformat() if batch.exported_at else None,
    }


class Command(ConsoleCommand):
    help = (
        "A county's disbursement batches of one-off grants paid outside the monthly run: list them "
        "and what waits, make one (--create), approve one (--approve ID, another officer than its "
        "maker) or write its bank file (--export ID --output FILE; its grants are then paid)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        parser.add_argument("--program", required=True, choices=("temporary", "medical"))
        actions = parser.add_mutually_exclusive_group()
        actions.add_argument("--create", action="store_true", help="make a batch of the grants waiting")
        actions.add_argument("--approve", type=id_argument, metavar="ID", help="approve the batch")
        actions.add_argument("--export", type=id_argument, metavar="ID", help="write the batch's bank file")
        parser.add_argument("--title", default="", help="--create: the batch's title (else the usual one)")
        parser.add_argument("--output", type=output_file, help="--export: the file to write")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_named(options["county"])
        program = Program.objects.get(code=options["program"], kind=ProgramKind.ONE_OFF)
        actor = actor_for(options["username"])
        if options["export"] is not None and not options["output"]:
            raise CommandError("--export writes the bank file: give --output FILE.")
        with refusals("assistance-batch"):
            if options["create"]:
                batch = services.batch_create(
                    county=county, program=program.code, title=options["title"], actor=actor
                )
                result: dict[str, Any] = _body(batch)
            elif options["approve"] is not None:
                batch = services.batch_approve(
                    batch=self._batch(county, program, options["approve"]), actor=actor
                )
                result = _body(batch)
            elif options["export"] is not None:
                result = self._export(
                    self._batch(county, program, options["export"]), Path(options["output"]), actor
                )
            else:
                result = self._list(county, program, actor)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif "batches" in result:
            for row in result["batches"]:
                self.stdout.write(
                    f"{row['id']}\t#{row['number']}\t{row['state']}\t{row['persons']}\t{row['amount']}\t{row['title']}"
                )
            waiting = result["waiting"]
            where = "a batch" if result["paid_in_batch"] else "the monthly run"
            self.stdout.write(
                f"waiting: {waiting['grants']} grants, {waiting['amount']} yuan (paid in {where})"
            )
        elif "file" in result:
            self.stdout.write(
                f"{result['lines']} payments, {result['total_amount']} yuan written to {result['file']} "
                f"(batch {result['batch']} is {result['state']})"
            )
        else:
            self.stdout.write(
                f"batch {result['id']} #{result['number']} {result['state']}: {result['persons']} grants, "
                f"{result['households']} households, {result['amount']} yuan"
            )

    def _batch(self, county: Area, program: Program, pk: int) -> DisbursementBatch:
        found = (
            DisbursementBatch.objects.select_related("county", "program", "created_by", "approved_by")
            .filter(pk=pk, county=county, program=program)
            .first()
        )
        if found is None:
            raise CommandError(f"No {program.code} batch {pk} of county {county.code}.")
        return found

    def _list(self, county: Area, program: Program, actor: Any) -> dict[str, Any]:
        if actor is not None:
            require_area(actor, county, READERS)
        rows = DisbursementBatch.objects.filter(county=county, program=program).select_related(
            "county", "created_by", "approved_by"
        )
        _households, grants, amount = services.figures(services.waiting(county, program.code))
        return {
            "county": county.code,
            "program": program.code,
            "paid_in_batch": services.paid_in_batch(county, program, this_month()),
            "waiting": {"grants": grants, "amount": str(amount)},
            "batches": [_body(b) for b in rows],
        }

    def _export(self, batch: DisbursementBatch, out: Path, actor: Any) -> dict[str, Any]:
        partial = out.with_name(out.name + ".part")  # never a half-written file under the real name
        try:
            with partial.open("wb") as handle:
                count, total = services.batch_bank_file_export(batch=batch, out=handle, actor=actor)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)
        batch.refresh_from_db()
        layout = bankfile.layout_for(batch.county)
        return {
            "batch": batch.pk,
            "file": str(out),
            "file_format": layout.file_format,
            "lines": count,
            "total_amount": str(total),
            "state": batch.state,
        }
