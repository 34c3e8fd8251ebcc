import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.errors import NotFound
from dibao.core.scoping import CONSOLE

from ...return_files import year_end_docx, year_end_paragraphs
from ...returns import year_end
from ...selectors import statistics_area


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise CommandError(f"--year must be a year written YYYY, not {text!r}.")
    return int(text)


class Command(ConsoleCommand):
    help = (
        "The year-end figures of a community, street or county: households and persons on the books "
        "by class at year end, applications, stops by reason, adjustments, the year's payments with "
        "the annual amounts per household and per person, one-off assistance, public-welfare labour "
        "and holiday visits; optionally the summary's figures section as a Word document."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code (county, street or community)")
        parser.add_argument("--year", required=True, help="YYYY")
        parser.add_argument("--program", help="the program, by its code (default: dibao)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--docx", type=output_file, help="the Word document to write")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["docx"]) if options["docx"] else None
        if out is not None and out.suffix.lower() != ".docx":
            raise CommandError("The document is written as .docx: name the file so.")
        year = _year(str(options["year"]).strip())
        translation.activate(options["language"])
        actor = actor_for(options["username"])  # without --as: the operator, whom no area limits
        with refusals("year_end"):
            try:
                area = statistics_area(actor or CONSOLE, options["area"])
            except NotFound:
                if actor is None:
                    raise CommandError(f"No area with code {options['area']} (see `dibao areas`).") from None
                raise
            result = year_end(area, year, options["program"])
        if out is not None:
            partial = out.with_name(out.name + ".part")  # never a half-written file under the real name
            try:
                partial.write_bytes(year_end_docx(result))
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            partial.replace(out)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        for paragraph in year_end_paragraphs(result):
            self.stdout.write(paragraph)
        if out is not None:
            self.stdout.write(f"written to {out}")
