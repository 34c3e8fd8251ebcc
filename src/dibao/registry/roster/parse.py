"""Turning a roster table into households, or into a list of everything wrong with it.

Row rules come from registry.validation (the same as the pages and the API); what only a roster
can get wrong — unknown words, a household without exactly one head, an ID number twice in the
file — is checked here. The database is asked once per chunk of ID numbers, never once per row.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dibao.areas.models import Area
from dibao.core import idnumbers
from dibao.core.errors import DomainError
from dibao.core.money import parse_amount

from ..models import Household, IncomeKind, Member, Relation
from ..services.bulk import NewHousehold
from ..services.members import id_conflict_message
from ..validation import clean_household, clean_member
from . import headers as cols
from . import vocabulary
from .reader import Table

CHUNK = 5000
HOUSEHOLD_KEYS = ("address", "phone", "urban_rural", "bank_name", "bank_account")
MEMBER_CHOICES = (
    "relation",
    "disability_type",
    "disability_grade",
    "health",
    "labour_capacity",
    "employment",
)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    member: dict[str, Any] = field(default_factory=dict)
    income: Decimal | None = None
    ok: bool = True
    inherit_hukou: bool = False  # no 城乡类别 on this row: take the household's
    lossy: set[str] = field(default_factory=set)  # columns whose digits Excel lost


class _Parser:
    def __init__(self, table: Table, community: Area, county: Area, actor: Any, today: datetime.date) -> None:
        self.table, self.community, self.county, self.actor, self.today = (
            table,
            community,
            county,
            actor,
            today,
        )
        self.positions, self.missing = cols.recognise(table.headers)
        self.errors: list[RowError] = []

    def column(self, key: str) -> str:
        position = self.positions.get(key)
        return self.table.headers[position] if position is not None else cols.CANONICAL[key]

    def error(self, row: _Row, key: str, reason: Any, value: str | None = None) -> None:
        row.ok = False
        self.errors.append(
            RowError(
                row.number, self.column(key), row.cells.get(key, "") if value is None else value, str(reason)
            )
        )

    def rows(self) -> list[_Row]:
        rows = []
        for offset, cells in enumerate(self.table.rows):
            if not any(cells):
                continue
            values = {key: cells[i].strip() for key, i in self.positions.items()}
            row = _Row(number=self.table.first_row + offset, cells=values)
            for key, i in self.positions.items():
                if (offset, i) in self.table.lossy:
                    row.lossy.add(key)
                    self.error(
                        row,
                        key,
                        _(
                            "Excel stored this as a number and has lost its last digits; "
                            "format the column as text and type the numbers again."
                        ),
                    )
            rows.append(row)
        return rows

    def read_member(self, row: _Row) -> None:
        cells = row.cells
        data: dict[str, Any] = {
            "name": cells.get("name", ""),
            "id_number": cells.get("id_number", ""),
            "phone": "",
            "notes": "",
        }
        for key in MEMBER_CHOICES:
            code = vocabulary.code_for(key, cells.get(key, ""))
            if code is None:
                self.error(
                    row, key, _("Unknown word; allowed: %(words)s.") % {"words": vocabulary.allowed(key)}
                )
            data[key] = code
        hukou = vocabulary.code_for("urban_rural", cells.get("urban_rural", ""))
        if cells.get("urban_rural") and hukou is None:
            self.error(
                row,
                "urban_rural",
                _("Unknown word; allowed: %(words)s.") % {"words": vocabulary.allowed("urban_rural")},
            )
        row.inherit_hukou = not cells.get("urban_rural")
        data["hukou"] = hukou or "urban"  # replaced by the household's when inherited
        if cells.get("community") and cells["community"] not in (self.community.name, self.community.code):
            self.error(
                row,
                "community",
                _("This roster is being imported into %(name)s (%(code)s).")
                % {"name": self.community.name, "code": self.community.code},
            )
        if cells.get("monthly_income"):
            try:
                row.income = parse_amount(cells["monthly_income"], field="monthly_income")
            except DomainError as exc:
                self.error(row, "monthly_income", exc.errors["monthly_income"][0])
        if not row.ok:
            data = {k: v for k, v in data.items() if v is not None and k not in row.lossy}
        try:
            row.member = clean_member(data, partial=not row.ok, today=self.today)
        except DomainError as exc:
            for name, messages in exc.errors.items():
                key = {"hukou": "urban_rural"}.get(name, name)
                for message in messages:
                    self.error(row, key, message)

    def households(self, rows: list[_Row]) -> list[NewHousehold]:
        groups: dict[str, list[_Row]] = defaultdict(list)
        for row in rows:
            head_id = idnumbers.normalise(row.cells.get("head_id", ""))
            if not head_id:
                self.error(row, "head_id", _("This field is required."))
                continue
            groups[head_id].append(row)
        new = []
        for head_id, members in groups.items():
            heads = [
                r
                for r in members
                if r.member.get("relation") == Relation.SELF
                or vocabulary.code_for("relation", r.cells.get("relation", "")) == Relation.SELF
            ]
            if not heads:
                for row in members:
                    self.error(row, "head_id", _("No row of this household is its head (与户主关系 本人)."))
                continue
            for extra in heads[1:]:
                self.error(
                    extra,
                    "relation",
                    _("The household %(id)s has more than one head (rows %(rows)s).")
                    % {"id": head_id, "rows": ", ".join(str(r.number) for r in heads)},
                )
            head = heads[0]
            if head.cells.get("id_number") and idnumbers.normalise(head.cells["id_number"]) != head_id:
                self.error(head, "head_id", _("The head's own ID number must equal 户主身份证号."))
            values = self.household_values(head)
            if not all(r.ok for r in members) or values is None:
                continue
            for row in members:
                if row.inherit_hukou:
                    row.member["hukou"] = values["urban_rural"]
            ordered = [head, *[r for r in members if r is not head]]
            new.append(
                NewHousehold(
                    community=self.community,
                    values=values,
                    members=[r.member for r in ordered],
                    incomes=[
                        (
                            i,
                            {
                                "kind": IncomeKind.OTHER,
                                "amount": r.income,
                                "source": "花名册",
                                "notes": "",
                                "month_from": self.today.replace(day=1),
                                "month_to": None,
                            },
                        )
                        for i, r in enumerate(ordered)
                        if r.income
                    ],
                )
            )
        return new

    def household_values(self, head: _Row) -> dict[str, Any] | None:
        data = {key: head.cells.get(key, "") for key in HOUSEHOLD_KEYS}
        data["urban_rural"] = vocabulary.code_for("urban_rural", data["urban_rural"]) or ""
        try:
            values = clean_household(data)
        except DomainError as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    self.error(head, name, message)
            return None
        if head.cells.get("number"):
            values["number"] = head.cells["number"]
        return values

    def check_duplicates(self, rows: list[_Row]) -> None:
        first: dict[str, int] = {}
        for row in rows:
            number = row.member.get("id_number")
            if not number:
                continue
            if number in first:
                self.error(
                    row, "id_number", _("This ID number is also on row %(row)d.") % {"row": first[number]}
                )
            else:
                first[number] = row.number

    def check_database(self, rows: list[_Row]) -> None:
        by_id = {r.member["id_number"]: r for r in rows if r.member.get("id_number")}
        ids = list(by_id)
        for start in range(0, len(ids), CHUNK):
            holders = Member.objects.filter(
                is_current=True, id_number__in=ids[start : start + CHUNK]
            ).select_related("household__community")
            for holder in holders:
                self.error(by_id[holder.id_number], "id_number", id_conflict_message(holder, self.actor))
        numbered = {r.cells["number"]: r for r in rows if r.cells.get("number")}
        numbers = list(numbered)
        for start in range(0, len(numbers), CHUNK):
            for taken in Household.objects.filter(
                county=self.county, number__in=numbers[start : start + CHUNK]
            ):
                self.error(
                    numbered[taken.number],
                    "number",
                    _("Household number %(n)s is already used in this county.") % {"n": taken.number},
                )


def parse(
    table: Table, *, community: Area, county: Area, actor: Any, today: datetime.date | None = None
) -> tuple[list[NewHousehold], list[RowError]]:
    parser = _Parser(table, community, county, actor, today or datetime.date.today())
    if parser.missing:
        return [], [
            RowError(
                table.first_row - 1,
                "、".join(parser.missing),
                "",
                _("Required columns are missing: %(cols)s.") % {"cols": "、".join(parser.missing)},
            )
        ]
    rows = parser.rows()
    if not rows:
        return [], [RowError(table.first_row, "", "", _("The file has no data rows."))]
    for row in rows:
        parser.read_member(row)
    parser.check_duplicates(rows)
    parser.check_database(rows)
    new = parser.households(rows)
    parser.errors.sort(key=lambda e: (e.row, e.column))
    return (new if not parser.errors else []), parser.errors
