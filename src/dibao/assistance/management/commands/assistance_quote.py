import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.core.console import ConsoleCommand, refusals
from dibao.core.errors import NotFound
from dibao.core.months import parse_date
from dibao.policy.engine.explanation import render
from dibao.policy.programs import codes
from dibao.policy.programs.medical import INPATIENT, KINDS

from ...medical.quote import parse_cost, parse_kind, person_by_id, quote


class Command(ConsoleCommand):
    help = (
        "What one-off assistance a person would receive, by the rules in force, without writing "
        "anything: for 医疗救助 (--program medical) the category held on the date of treatment, the "
        "deductible, the share paid, the amount, the year's cap left and the explanation."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--program", required=True, choices=[codes.MEDICAL], help="a program's code")
        parser.add_argument("--id-number", required=True, help="the person's ID number")
        parser.add_argument("--date", required=True, help="date of treatment, YYYY-MM-DD")
        parser.add_argument(
            "--in-policy-cost", required=True, help="in-policy personal cost after insurance, in yuan"
        )
        parser.add_argument(
            "--kind", default=INPATIENT, help=f"one of {', '.join(KINDS)} (default inpatient)"
        )
        parser.add_argument(
            "--illness", action="store_true", help="recognised as impoverished by illness (因病致贫)"
        )
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        with refusals("assistance-quote"):
            day = parse_date(options["date"], "date")
            if day is None:
                raise CommandError("assistance-quote: give --date as YYYY-MM-DD.")
            kind = parse_kind(options["kind"])
            cost = parse_cost(options["in_policy_cost"], "in_policy_cost")
        try:
            person = person_by_id(options["id_number"])
        except NotFound as exc:  # the register, not an area: say so
            raise CommandError(f"assistance-quote: {exc}") from None
        result = quote(person=person, day=day, kind=kind, cost=cost, illness=options["illness"])
        document: dict[str, Any] = {
            "program": codes.MEDICAL,
            "date": day.isoformat(),
            "kind": kind,
            "in_policy_cost": f"{cost:.2f}",
            "eligible": result.eligible,
            "category": result.category,
            "deductible": f"{result.deductible:.2f}",
            "ratio": f"{result.ratio:.2f}",
            "amount": f"{result.amount:.2f}",
            "cap_left": f"{result.cap_left:.2f}",
            "explanation": render(result.lines),
        }
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        for line in document["explanation"]:
            self.stdout.write(line)
