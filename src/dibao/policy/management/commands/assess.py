import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.core.console import ConsoleCommand, refusals
from dibao.core.months import parse_month
from dibao.registry.models import Household

from ...assessment import assess
from ...engine.calculation import NotAssessable
from ...presentation import assessment_json


class Command(ConsoleCommand):
    help = "Assess one household for a month: eligibility with reasons, the amount and its explanation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--household", required=True, help="household number")
        parser.add_argument("--county", help="county code, when the number is not unique across counties")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--single-member", help="ID number of the person for single-person inclusion")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        with refusals("assess"):
            month = parse_month(options["month"])
        households = Household.objects.filter(number=options["household"].strip()).select_related("community")
        if options["county"]:
            households = households.filter(county__code=options["county"])
        found = list(households[:2])
        if not found:
            raise CommandError(f"No household numbered {options['household']}.")
        if len(found) > 1:
            raise CommandError("That number exists in more than one county; give --county.")
        household = found[0]
        single = None
        if options["single_member"]:
            single = household.members.filter(id_number=options["single_member"].strip().upper()).first()
            if single is None:
                raise CommandError("No member of this household has that ID number.")
        try:
            result = assess(household, month, single_member=single)
        except NotAssessable as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "household": household.number,
                            "month": f"{month:%Y-%m}",
                            "assessable": False,
                            "eligible": False,
                            "reasons": [exc.line.render()],
                        },
                        ensure_ascii=False,
                    )
                )
                raise SystemExit(1) from None
            raise CommandError(exc.line.render()) from None
        if options["json"]:
            self.stdout.write(json.dumps(assessment_json(result, household), ensure_ascii=False))
            return
        for line in assessment_json(result, household)["explanation"]:
            self.stdout.write(line)
