import datetime
import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from dibao.core.console import ConsoleCommand

from ...calendar import load_calendar
from ...models import CalendarDay

# Spelled out rather than strftime's %a, which follows the server's locale.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"--from: {value!r} is not a date (YYYY-MM-DD).") from None


class Command(ConsoleCommand):
    help = (
        "The working-day calendar: the due date n working days after a date (the date itself does not "
        "count), or the holidays and make-up workdays stored for a year."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", help="the start date, YYYY-MM-DD (with --add)")
        parser.add_argument("--add", type=int, help="how many working days after --from")
        parser.add_argument("--year", type=int, help="list the exceptions stored for this year")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["year"] is not None and options["start"] is None and options["add"] is None:
            self._year(options["year"], as_json=options["json"])
        elif options["start"] is not None and options["add"] is not None and options["year"] is None:
            self._due(_date(options["start"]), options["add"], as_json=options["json"])
        else:
            raise CommandError("Give either --from DATE --add N, or --year YYYY.")

    def _due(self, start: datetime.date, n: int, *, as_json: bool) -> None:
        if n < 1:
            raise CommandError("--add: a deadline is at least 1 working day.")
        cal = load_calendar()
        due = cal.due_date(start, n)
        uncovered = cal.uncovered_years(start, due)
        if as_json:
            result = {
                "from": start.isoformat(),
                "working_days": n,
                "due": due.isoformat(),
                "uncovered_years": uncovered,
            }
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{due:%Y-%m-%d} {WEEKDAYS[due.weekday()]}  ({n} working days after {start:%Y-%m-%d})"
        )
        if uncovered:
            years = ", ".join(map(str, uncovered))
            self.stderr.write(
                f"No official holidays are stored for {years}: counted by the weekend rule alone."
            )

    def _year(self, year: int, *, as_json: bool) -> None:
        days = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
        if as_json:
            rows = [
                {"date": d.date.isoformat(), "kind": d.kind, "name": d.name, "note": d.note} for d in days
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not days:
            self.stderr.write(f"No official holidays are stored for {year}: only weekends are rest days.")
        for d in days:
            self.stdout.write(
                f"{d.date:%Y-%m-%d}  {WEEKDAYS[d.date.weekday()]}  {d.kind:<7}  {d.name}  {d.note}".rstrip()
            )
