import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.console import county_named
from dibao.core.console import ConsoleCommand, actor_for, refusals
from dibao.core.sheets import bounds

from ...services.register import RegisterRefused, register_import, register_match


class Command(ConsoleCommand):
    help = (
        "Import a county's register of staff and village/community cadres with the close relatives "
        "they declared (近亲属备案, xlsx or CSV; the file replaces the register), then file every "
        "member of a receiving household or an application under way who is on it. All or nothing, "
        "with errors by row and column. Without a file, match the register again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", help="the register (omit with --match)")
        parser.add_argument("--county", required=True, help="county code (6 digits)")
        parser.add_argument("--match", action="store_true", help="only match the register again")
        parser.add_argument("--as", dest="as_user", help="username to act as (default: the operator)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_named(options["county"])
        actor: Any = actor_for(options["as_user"])
        if options["match"]:
            with refusals("import-relatives"):
                matched = register_match(county=county, actor=actor)
            self._say(options["json"], {"imported": False, **matched.as_dict()})
            return
        if not options["file"]:
            raise CommandError("import-relatives: name the file to import, or give --match.")
        path = Path(options["file"])
        with path.open("rb") as handle:
            content = handle.read(bounds.Limits.current().upload_bytes + 1)
        with refusals("import-relatives"):
            try:
                result = register_import(county=county, filename=path.name, content=content, actor=actor)
            except RegisterRefused as refused:
                if options["json"]:
                    errors = [e.as_dict() for e in refused.row_errors]
                    self.stdout.write(json.dumps({"imported": False, "errors": errors}, ensure_ascii=False))
                first = refused.row_errors[0]
                raise CommandError(
                    f"import-relatives: refused, {len(refused.row_errors)} errors; row {first.row} "
                    f"{first.column}: {first.reason}"
                ) from None
        self._say(options["json"], {"imported": True, **result.as_dict()})

    def _say(self, as_json: bool, document: dict[str, Any]) -> None:
        if as_json:
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        if document["imported"]:
            self.stdout.write(
                f"{document['staff']} staff and cadres, {document['relatives']} declared relatives "
                f"({document['added']} added, {document['changed']} changed, {document['removed']} removed)."
            )
        self.stdout.write(
            f"{document['filed']} new filings, {document['lapsed']} lapsed; "
            f"{document['applications']} applications marked for the county's decision."
        )
