from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import months
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import Progress
from dibao.policy.programs import codes
from dibao.registry.models import UrbanRural
from dibao.registry.roster.command import RosterImportCommand

from ...recipients.importer import import_recipients
from ...recipients.persons import PROGRAMS as PERSON_PROGRAMS
from ...services.recipients import PAYMENT, PERSONS

PROGRAMS = (codes.DIBAO, *PERSON_PROGRAMS)


class Command(RosterImportCommand):
    help = (
        "Take over a county's households already receiving dibao, all or none, from its roster (xlsx "
        "or CSV): one row per member with 社区, 保障类别, 月保障金 and 起始年月 on each head's row, or "
        "the county's payment roster, one row per household (地区 | 户主姓名 | 身份证号码 | 保障人数 | "
        "保障金 | 分类施保金 | 发放合计 | 账户名称 | 开户银行 | 账号), paid from --from. With --program, "
        "a program that pays a person: its list of persons (地区 | 姓名 | 身份证号码 | the program's "
        "columns | 月发放金额 | 账户名称 | 开户银行 | 账号), paid from --from."
    )
    area_option = "county"
    area_help = "the county's 6-digit code"
    what = "import recipients"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--from",
            dest="month_from",
            metavar="YYYY-MM",
            help="a payment roster: the first month it pays (required for it; a member roster has its own)",
        )
        parser.add_argument(
            "--urban-rural",
            choices=UrbanRural.values,
            default=UrbanRural.URBAN,
            help="a payment roster: its households' urban/rural category where no 城乡 column says "
            "(default urban)",
        )

        parser.add_argument(
            "--program",
            default=codes.DIBAO,
            help=f"the program whose recipients the file lists: {', '.join(PROGRAMS)} (default dibao)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.program = (options.get("program") or codes.DIBAO).strip()
        if self.program not in PROGRAMS:
            raise CommandError(
                f"--program: {self.program} is not a program whose recipients are taken over "
                f"({', '.join(PROGRAMS)})."
            )
        if self.program != codes.DIBAO and not options.get("month_from"):
            raise CommandError(f"--from YYYY-MM: the first month the {self.program} list pays is required.")
        self.month_from = None
        if options.get("month_from"):
            try:
                self.month_from = months.parse_month(options["month_from"], "month_from")
            except DomainError:
                raise CommandError(f"--from: not a month: {options['month_from']} (YYYY-MM)") from None
        self.urban_rural = options.get("urban_rural") or UrbanRural.URBAN
        super().handle(*args, **options)

    def run_import(
        self, *, path: Path, area: Area, actor: User | None, dry_run: bool, progress: Progress
    ) -> Any:
        return import_recipients(
            filename=path.name,
            content=path.read_bytes(),
            county=area,
            actor=actor,
            dry_run=dry_run,
            month_from=self.month_from,
            urban_rural=self.urban_rural,
            program=self.program,
        )

    def report_success(self, result: Any, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(f"checked: {result.record.rows} rows; every row is correct; nothing written")
            return
        summary = result.summary
        if summary.layout == PERSONS:
            self.stdout.write(
                f"imported ({summary.program}): {result.record.rows} rows; {summary.entitlements} persons "
                f"paid {summary.monthly_total} yuan a month in all, brought in; {summary.matched} were "
                f"members of the register, {result.households} registered as households of one"
            )
            return
        if summary.layout == PAYMENT:
            self.stdout.write(
                f"imported (payment roster): {result.record.rows} rows; {result.households} households "
                f"receiving, each with its head; {summary.entitlements} entitlements of "
                f"{summary.monthly_total} yuan a month in all; {summary.to_complete} households cover "
                "more persons than are registered: register them at the first review"
            )
            if summary.addresses_from_community:
                self.stdout.write(
                    "the file has no address column: each household's address is its community's name"
                )
            return
        self.stdout.write(
            f"imported: {result.record.rows} rows; {result.households} households receiving, "
            f"{result.members} members, {summary.entitlements} entitlements of "
            f"{summary.monthly_total} yuan a month in all; {summary.assessed} assessed under the "
            f"county's policy ({summary.not_eligible} not eligible now, {summary.other_amount} "
            f"another amount: they keep the roster's)"
        )
