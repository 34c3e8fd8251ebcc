import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.core.console import ConsoleCommand, refusals
from dibao.core.errors import DomainError
from dibao.core.months import parse_month
from dibao.policy.assessment import assess
from dibao.policy.engine.calculation import NotAssessable
from dibao.policy.engine.explanation import render
from dibao.policy.models import Payee
from dibao.policy.presentation import assessment_json
from dibao.policy.programs import codes
from dibao.policy.selectors import program_by_code
from dibao.registry.models import Household, Member

from ...programs import program_test


class Command(ConsoleCommand):
    help = (
        "Assess one household for a month under a program (dibao unless --program is given): "
        "eligibility with reasons, the amount and its explanation. A program that pays a person is "
        "assessed for each current member, or for the one given with --member."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--household", required=True, help="household number")
        parser.add_argument("--county", help="county code, when the number is not unique across counties")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--program", default=codes.DIBAO, help="a program's code (default: dibao)")
        parser.add_argument("--member", help="ID number of the person, for a program that pays a person")
        parser.add_argument("--single-member", help="ID number of the person for single-person inclusion")
        parser.add_argument(
            "--institutional",
            action="store_true",
            help="特困 in an institution (集中供养) rather than at home",
        )
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        with refusals("assess"):
            month = parse_month(options["month"])
        try:
            program = program_by_code(options["program"])
        except DomainError as exc:  # names the codes there are
            raise CommandError(f"assess: {exc}") from None
        household = self.household(options)
        if program.code == codes.DIBAO:
            self.dibao(household, month, options)
        elif program.pays == Payee.PERSON:
            self.persons(household, month, program.code, options)
        else:
            raise CommandError(
                f"assess: {program.code} is recognised on an investigation, "
                "not assessed from the register alone."
            )

    def household(self, options: dict[str, Any]) -> Household:
        households = Household.objects.filter(number=options["household"].strip()).select_related("community")
        if options["county"]:
            households = households.filter(county__code=options["county"])
        found = list(households[:2])
        if not found:
            raise CommandError(f"No household numbered {options['household']}.")
        if len(found) > 1:
            raise CommandError("That number exists in more than one county; give --county.")
        return found[0]

    def member(self, household: Household, id_number: str) -> Member:
        member = household.members.filter(id_number=id_number.strip().upper()).first()
        if member is None:
            raise CommandError("No member of this household has that ID number.")
        return member

    def dibao(self, household: Household, month: Any, options: dict[str, Any]) -> None:
        single = self.member(household, options["single_member"]) if options["single_member"] else None
        try:
            result = assess(household, month, single_member=single)
        except NotAssessable as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "household": household.number,
                            "month": f"{month:%Y-%m}",
                            "program": codes.DIBAO,
                            "assessable": False,
                            "eligible": False,
                            "reasons": [exc.line.render()],
                        },
                        ensure_ascii=False,
                    )
                )
                raise SystemExit(1) from None
            raise CommandError(exc.line.render()) from None
        document = {**assessment_json(result, household), "program": codes.DIBAO}
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        for line in document["explanation"]:
            self.stdout.write(line)

    def persons(self, household: Household, month: Any, program: str, options: dict[str, Any]) -> None:
        if options["member"]:
            members = [self.member(household, options["member"])]
        else:
            members = list(household.members.filter(is_current=True).order_by("pk"))
        rows: list[dict[str, Any]] = []
        for member in members:
            try:
                result = program_test(
                    program=program, member=member, month=month, institutional=options["institutional"]
                )
            except DomainError as exc:
                rows.append(
                    {
                        "member": member.id_number,
                        "name": member.name,
                        "assessable": False,
                        "eligible": False,
                        "amount": None,
                        "explanation": [str(exc)],
                    }
                )
                continue
            rows.append(
                {
                    "member": member.id_number,
                    "name": member.name,
                    "assessable": True,
                    "eligible": result.eligible,
                    "amount": f"{result.amount:.2f}" if result.eligible else None,
                    "paid_to_institution": result.paid_to_institution,
                    "explanation": render(result.lines),
                }
            )
        eligible = [row for row in rows if row["eligible"]]
        total = sum((Decimal(row["amount"]) for row in eligible), Decimal("0.00"))
        document = {
            "household": household.number,
            "month": f"{month:%Y-%m}",
            "program": program,
            "eligible": bool(eligible),
            "amount": f"{total:.2f}" if eligible else None,
            "members": rows,
        }
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        for row in rows:
            verdict = row["amount"] if row["eligible"] else "—"
            self.stdout.write(f"{row['name']}\t{verdict}")
            for line in row["explanation"]:
                self.stdout.write(f"  {line}")
