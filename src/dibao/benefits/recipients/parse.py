"""Reading a recipients roster: the register's roster checks (roster.parse), plus on each head's
row the community, the benefit class, the monthly amount and the first month.

The database is asked a fixed number of times whatever the file's size: the communities of the
importer's area once, the county's last approved payroll once, and the register's checks once
per chunk of ID numbers (see roster.parse).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import months
from dibao.core.errors import DomainError
from dibao.core.money import ZERO, parse_amount
from dibao.core.months import add_months
from dibao.core.sheets.reader import Table
from dibao.core.sheets.row_errors import RowError
from dibao.policy.programs import codes
from dibao.registry.inputs import HouseholdFields
from dibao.registry.models import HouseholdStatus
from dibao.registry.roster.communities import Communities
from dibao.registry.roster.parse import _Parser, _Row, run
from dibao.registry.services.bulk import NewHousehold

from ..models import Entitlement
from ..paid import paid_through
from . import columns
from .vocabulary import RECIPIENTS

# The earliest first month taken: before it, a month is a typing error (dibao began in the 1990s).
FIRST_MONTH = datetime.date(1993, 1, 1)
# How far ahead a first month may lie: a roster taken over now pays from now, or soon.
MONTHS_AHEAD = 12


def last_first_month(today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), MONTHS_AHEAD)


def first_month_refusal(
    month: datetime.date | None, *, last_month: datetime.date, paid: datetime.date | None
) -> str | None:
    """Why `month` cannot be a migrated household's first month (None: it can). `paid`: the last
    month an approved payroll of the county paid (`paid.paid_through`)."""
    if month is None or not FIRST_MONTH <= month <= last_month:
        return _("The first month must lie between %(first)s and %(last)s.") % {
            "first": f"{FIRST_MONTH:%Y-%m}",
            "last": f"{last_month:%Y-%m}",
        }
    if paid is not None and month <= paid:
        return _(
            "The payroll of %(paid)s is already approved in this system, and the months up to it "
            "were paid from the earlier roster: the first month must be %(next)s or later."
        ) % {"paid": f"{paid:%Y-%m}", "next": f"{add_months(paid, 1):%Y-%m}"}
    return None


@dataclass
class NewRecipient(NewHousehold):
    """A household to register as receiving, with what the roster says it is paid."""

    benefit_class: str = ""
    amount: Decimal = ZERO
    month_from: datetime.date | None = None
    row: int = 0  # the head's row, for messages
    # A payment roster's household (`payment_roster`): the persons it is paid for (its other
    # members are registered later), and the explanation lines of what it was paid.
    persons: int | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class _Benefit:
    benefit_class: str
    amount: Decimal
    month_from: datetime.date


class _RecipientParser(_Parser):
    words = RECIPIENTS

    def __init__(
        self, table: Table, *, county: Area, scope: Area, actor: User | None, today: datetime.date
    ) -> None:
        # There is no one community to import into: each head's row names its own (check_community).
        super().__init__(table, county, county, actor, today)
        self.area = scope  # the area whose communities the rows may name (a street or the county)
        for key, position in columns.recognise(table.headers).items():
            self.positions.setdefault(key, position)
        self.missing += [columns.name(key) for key in columns.REQUIRED if key not in self.positions]
        self.communities = Communities(scope)
        # A migrated household was paid for the months up to the last approved payroll from the
        # earlier roster; an entitlement reaching back into them would be paid again as arrears
        # (payroll.services.drafting) by the next run.
        self.paid_through = paid_through(county, codes.DIBAO)  # one row per member: 低保's roster
        self.last_month = last_first_month(today)
        self.benefit_of: dict[int, _Benefit] = {}  # head's row number → what it is paid

    def column(self, key: str) -> str:
        position = self.positions.get(key)
        return self.table.headers[position] if position is not None else columns.name(key)

    def read_member(self, row: _Row) -> None:
        super().read_member(row)
        if row.is_head:
            self.read_benefit(row)

    def read_benefit(self, row: _Row) -> None:
        """保障类别, 月保障金 and 起始年月 of a head's row (other rows' are not read)."""
        cells = row.cells
        ok = True
        benefit_class = self.words.code_for("benefit_class", cells.get("benefit_class", ""))
        if benefit_class is None:
            self.unknown_word(row, "benefit_class")
            ok = False
        amount = ZERO
        try:
            amount = parse_amount(
                cells.get("benefit_amount", ""),
                column=Entitlement._meta.get_field("amount"),
                field="benefit_amount",
            )
        except DomainError as exc:
            self.error(row, "benefit_amount", exc.errors["benefit_amount"][0])
            ok = False
        else:
            if amount <= 0:
                self.error(row, "benefit_amount", _("The monthly benefit must be more than 0."))
                ok = False
        month = self.read_month(row)
        if ok and month is not None and benefit_class is not None:
            self.benefit_of[row.number] = _Benefit(benefit_class, amount, month)

    def read_month(self, row: _Row) -> datetime.date | None:
        text = row.cells.get("benefit_from", "")
        if not text:
            self.error(row, "benefit_from", _("This field is required."))
            return None
        try:
            month: datetime.date | None = months.parse_month(text, "benefit_from")
        except DomainError as exc:
            if exc.code != "year_out_of_range":
                self.error(row, "benefit_from", _("Not a month: write it as 2026-03, 2026年3月 or a date."))
                return None
            month = None  # a year no record has: said as the range a first month must lie in
        refusal = first_month_refusal(month, last_month=self.last_month, paid=self.paid_through)
        if refusal is not None:
            self.error(row, "benefit_from", refusal)
            return None
        return month

    def new_household(self, values: HouseholdFields, ordered: list[_Row]) -> NewHousehold:
        household = super().new_household(values, ordered)
        head = ordered[0]
        benefit = self.benefit_of[head.number]
        return NewRecipient(
            community=household.community,
            values=household.values,
            members=household.members,
            incomes=household.incomes,
            status=HouseholdStatus.RECEIVING,
            benefit_class=benefit.benefit_class,
            amount=benefit.amount,
            month_from=benefit.month_from,
            row=head.number,
        )


def parse_recipients(
    table: Table, *, county: Area, scope: Area, actor: User | None, today: datetime.date | None = None
) -> tuple[list[NewRecipient], list[RowError]]:
    """`scope`: the area whose communities the file may name (the importer's; the county for the
    operator at the command line)."""
    parser = _RecipientParser(
        table, county=county, scope=scope, actor=actor, today=today or timezone.localdate()
    )
    new, errors = run(parser)
    return cast(list[NewRecipient], new), errors
