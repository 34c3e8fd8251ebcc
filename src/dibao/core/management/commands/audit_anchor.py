import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from dibao.core.audit_verify import anchor_for
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.months import parse_date


class Command(ConsoleCommand):
    help = (
        "Print the audit chain's anchor for a day (Asia/Shanghai; today if no --date): the seq and "
        "hash of its last entry at the end of that day. Keep it outside the system (--out writes "
        "it as JSON); `dibao audit-verify --anchor FILE` later checks the chain still passes "
        "through it. From cron after midnight: --date of the day before."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default today)")
        parser.add_argument("--out", type=output_file, help="write the anchor as JSON into this file")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        with refusals("audit-anchor"):
            day = parse_date(options["date"], "date") or timezone.localdate()
        anchor = anchor_for(day)
        if anchor is None:
            raise CommandError(f"audit-anchor: the audit trail has no entry by the end of {day}.")
        document = json.dumps(anchor.as_json())
        out: Path | None = options["out"]
        if out is not None:
            out.write_text(document + "\n", encoding="utf-8")
        if options["json"]:
            self.stdout.write(document)
        else:
            self.stdout.write(f"{anchor.day} #{anchor.seq} {anchor.hash} ({anchor.at})")
