import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.models import User
from dibao.accounts.staff import actor_for
from dibao.areas.models import Area, Level
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.errors import NotFound
from dibao.core.ids import id_argument

from ... import bankfile, roster
from ...models import Run
from ...services.bankfiles import bank_file_export


class Command(ConsoleCommand):
    help = (
        "Write a run's bank file (an approved run then counts as sent to the bank) or a community's "
        "signed roster (xlsx or PDF, from the file's extension)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--run", required=True, type=id_argument, help="the run's id (see `dibao payroll-run`)"
        )
        parser.add_argument("--format", required=True, choices=("bank", "roster"))
        parser.add_argument("--out", required=True, type=output_file, help="file to write")
        parser.add_argument("--community", help="roster: the community's 12-digit code")
        parser.add_argument(
            "--program",
            help="only this program's lines (its code): a bank file with its own control total, "
            "or a roster titled with the program",
        )
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        run = Run.objects.select_related("county").filter(pk=options["run"]).first()
        if run is None:
            raise CommandError(f"No payroll run {options['run']}.")
        actor = actor_for(options["username"])
        out = Path(options["out"])
        if options["format"] == "bank":
            result = self._bank(run, out, actor, options["program"])
        else:
            result = self._roster(run, out, actor, options["community"], options["program"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{result['lines']} lines, {result['total_amount']} yuan written to {out} "
                f"(run {run.pk} is {result['state']})"
            )

    def _bank(self, run: Run, out: Path, actor: User | None, program: str | None) -> dict[str, Any]:
        partial = out.with_name(out.name + ".part")  # never a half-written file under the real name
        try:
            with refusals("payroll-export"), partial.open("wb") as handle:
                count, total = bank_file_export(run=run, out=handle, actor=actor, program=program)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)
        run.refresh_from_db()
        layout = bankfile.layout_for(run.county)
        return {
            "run": run.pk,
            "format": "bank",
            "program": program or None,
            "run_program": run.program_id,
            "file_format": layout.file_format,
            "encoding": layout.encoding if layout.file_format == "csv" else None,
            "file": str(out),
            "lines": count,
            "total_amount": str(total),
            "state": run.state,
        }

    def _roster(
        self, run: Run, out: Path, actor: User | None, code: str | None, program: str | None
    ) -> dict[str, Any]:
        if not code:
            raise CommandError("A roster is per community: give --community CODE.")
        community = (
            Area.objects.filter(code=code.strip(), level=Level.COMMUNITY).select_related("parent").first()
        )
        if community is None:
            raise CommandError(f"No community with code {code} (see `dibao areas`).")
        suffix = out.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise CommandError("A roster is written as .pdf or .xlsx: name the file so.")
        with refusals("payroll-export"):
            if actor is not None and (actor.area is None or not actor.area.contains(community)):
                raise NotFound()  # someone else's community, as the pages answer it
            program = bankfile.program_code(program)
            content = (
                roster.community_roster_pdf(run, community, program)
                if suffix == ".pdf"
                else roster.community_roster_xlsx(run, community, program)
            )
        out.write_bytes(content)
        lines = roster.roster(run, community, program)
        return {
            "run": run.pk,
            "format": "roster",
            "run_program": run.program_id,
            "community": community.code,
            "program": program,
            "file": str(out),
            "lines": len(lines.rows),
            "total_amount": str(lines.total),
            "state": run.state,
        }
