from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, output_file
from dibao.core.errors import DomainError
from dibao.core.scoping import within_area

from ...models import Household
from ...roster.exporter import export


class Command(ConsoleCommand):
    help = "Export the households of an area (and below) in the roster layout."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="area code: county, street or community")
        parser.add_argument("--out", required=True, type=output_file, help="file to write")
        parser.add_argument("--format", choices=("xlsx", "csv"), help="default: from the file's extension")
        parser.add_argument(
            "--encoding",
            choices=("utf-8-sig", "utf-8", "gb18030"),
            default="utf-8-sig",
            help="CSV only (default utf-8-sig, which Excel opens; gb18030 refuses names GBK cannot hold)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"].strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        out = Path(options["out"])
        fmt = options["format"] or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
        households = within_area(Household.objects.all(), area)
        partial = out.with_name(out.name + ".part")  # never a half-written or refused file as `out`
        try:
            with partial.open("wb") as handle:
                count = export(
                    households,
                    actor=None,
                    area=area,
                    fmt=fmt,
                    out=handle,
                    description=f"dibao export-roster --area {area.code}",
                    encoding=options["encoding"],
                )
        except DomainError as exc:  # a GB18030 file with names GBK cannot hold
            partial.unlink(missing_ok=True)
            raise CommandError(str(exc)) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)
        self.stdout.write(f"{count} members of {area.name} written to {out}")
