import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.core.audit_verify import Anchor, anchor_from_json, break_json, verify
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.months import parse_date


class Command(ConsoleCommand):
    help = (
        "Recompute the audit chain and name the first entry that was altered, deleted, inserted "
        "or moved (exit status 1), or print how many entries were checked and the chain's head "
        "(exit status 0). --from starts at that day's first entry, trusting the hash before it; "
        "--anchor checks the chain still passes through an anchor kept by `dibao audit-anchor`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="since", help="YYYY-MM-DD: check from this day's first entry")
        parser.add_argument("--anchor", type=Path, help="a file written by `dibao audit-anchor --out`")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        anchor: Anchor | None = None
        with refusals("audit-verify"):
            since = parse_date(options["since"], "from")
            if options["anchor"] is not None:
                anchor = anchor_from_json(options["anchor"].read_text(encoding="utf-8"))
        outcome = verify(since=since, anchor=anchor)
        broken = outcome.broken
        if options["json"]:
            document = {
                "intact": broken is None,
                "checked": outcome.checked,
                "first_seq": outcome.first_seq,
                "last_seq": outcome.last_seq,
                "last_hash": outcome.last_hash,
                "break": break_json(broken),
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False))
        if broken is not None:
            where = f"#{broken.seq} (id {broken.entry_id}, {broken.at})" if broken.seq is not None else "-"
            raise CommandError(f"audit-verify: {broken.kind} {where}: {broken.detail}")
        if not options["json"]:
            line = f"intact: {outcome.checked} entries checked"
            if outcome.checked:
                first, last = outcome.first_seq, outcome.last_seq
                line += f" (#{first}–#{last}), head #{last} {outcome.last_hash}"
            self.stdout.write(line)
