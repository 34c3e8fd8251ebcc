"""Turning a roster table into households, or into a list of everything wrong with it.

Row rules come from registry.validation (the same as the pages and the API); what only a roster
can get wrong — unknown words, a household without exactly one head, an ID number twice in the
file — is checked here. The database is asked once per chunk of ID numbers, never once per row.

A roster goes into an area: a community, or a street or county whose communities its 社区 column
names (as an export of that area writes it), so that an export of any area imports back into it.
A household lives in the community its head's row names; its members' rows name the same or none.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import disclosure, idnumbers
from dibao.core.chunks import chunks
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import NO_PROGRESS, Progress
from dibao.core.money import parse_amount
from dibao.core.sheets import digits
from dibao.core.sheets.reader import Table
from dibao.core.sheets.row_errors import RowError

from ..inputs import HouseholdFields, IncomeFields, MemberFields
from ..models import Household, HouseholdCategory, Income, IncomeKind, Member, Relation
from ..services.bulk import NewHousehold
from ..services.members import id_conflict_message
from ..validation import clean_household, clean_member
from . import headers as cols
from . import vocabulary
from .communities import Communities

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
INCOME_SOURCE = "花名册"
_NUMBER = re.compile(r"^[0-9A-Za-z\-]{1,20}$")
# Columns of long digits that a spreadsheet damages when it opens and saves a CSV.
DIGIT_KEYS = ("head_id", "id_number", "bank_account", "phone")
ID_KEYS = ("head_id", "id_number")


def spreadsheet_damaged() -> str:
    return _(
        "A spreadsheet has damaged these digits: it keeps only 15 (2.10204196410257E+17, or zeros at "
        "the end). The file was opened and saved in Excel or WPS; take the numbers from the original "
        "file, keep the column as text, and import again."
    )


def _damaged(key: str, value: str) -> bool:
    if ("E" in value or "e" in value) and digits.scientific(value):
        return True
    # Cut short, a number ends in zeros: most do not, and are not looked at further.
    if key not in ID_KEYS or not value.endswith("0") or not digits.cut_short(value):
        return False
    try:  # an ID number's check digit tells a cut number from a real one ending in zeros
        idnumbers.parse(value)
    except DomainError:
        return True
    return False


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    member: MemberFields = field(default_factory=MemberFields)
    income: Decimal | None = None
    ok: bool = True
    is_head: bool = False
    inherit_hukou: bool = False  # no 城乡类别 on this row: take the household's
    lossy: set[str] = field(default_factory=set)  # columns whose digits Excel lost


class _Parser:
    words = vocabulary.ROSTER

    def __init__(
        self, table: Table, area: Area, county: Area, actor: User | None, today: datetime.date
    ) -> None:
        self.table, self.area, self.county, self.actor = table, area, county, actor
        # Imported into one community, a row may leave 社区 empty; into a street or county, not.
        self.community = area if area.level == Level.COMMUNITY else None
        self.today = today
        self.positions, self.missing = cols.recognise(table.headers)
        self.errors: list[RowError] = []
        self.communities: Communities | None = None  # read once, when a row names one
        self.community_of: dict[int, Area] = {}  # row number → the community it names
        self.categories: dict[str, int] | None = None  # the county's categories by name, read once

    def column(self, key: str) -> str:
        """The column's header as written in the file, so people find it."""
        position = self.positions.get(key)
        if position is not None:
            return self.table.headers[position]
        return cols.CANONICAL.get(key) or cols.IMPORT_ONLY[key]

    def error(self, row: _Row, key: str, reason: Any, value: str | None = None) -> None:
        row.ok = False
        cell = row.cells.get(key, "") if value is None else value
        # The report is read by everyone who sees the import, and kept: an ID number or an
        # account in it is masked (core.disclosure); the row and the column find the cell.
        shown = str(disclosure.mask_field(key, cell))
        self.errors.append(
            RowError(row.number, self.column(key), shown, disclosure.mask_in_text(str(reason)))
        )

    def rows(self) -> list[_Row]:
        rows = []
        lossy = self.table.lossy
        positions = list(self.positions.items())
        # Without numbers Excel cut short, only the columns of long digits are looked at.
        looked_at = positions if lossy else [(k, i) for k, i in positions if k in DIGIT_KEYS]
        for offset, cells in enumerate(self.table.rows):
            if not any(cells):
                continue
            values = {key: cells[i].strip() for key, i in positions}
            row = _Row(number=self.table.first_row + offset, cells=values)
            for key, i in looked_at:
                if (offset, i) in lossy:
                    row.lossy.add(key)
                    self.error(
                        row,
                        key,
                        _(
                            "Excel stored this as a number and has lost its last digits; "
                            "format the column as text and type the numbers again."
                        ),
                    )
                elif key in DIGIT_KEYS and _damaged(key, values[key]):  # a CSV saved by a spreadsheet
                    row.lossy.add(key)
                    self.error(row, key, spreadsheet_damaged())
            rows.append(row)
        return rows

    def unknown_word(self, row: _Row, key: str) -> None:
        if not row.cells.get(key):
            self.error(row, key, _("This field is required."))
        else:
            self.error(row, key, _("Unknown word; allowed: %(words)s.") % {"words": self.words.allowed(key)})

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
                self.unknown_word(row, key)
            data[key] = code
        row.is_head = data["relation"] == Relation.SELF
        hukou = vocabulary.code_for("urban_rural", cells.get("urban_rural", ""))
        if cells.get("urban_rural") and hukou is None:
            self.unknown_word(row, "urban_rural")
        row.inherit_hukou = not cells.get("urban_rural")
        data["hukou"] = hukou or "urban"  # replaced by the household's when inherited
        self.check_community(row)
        if cells.get("monthly_income"):
            try:
                row.income = parse_amount(
                    cells["monthly_income"], column=Income._meta.get_field("amount"), field="monthly_income"
                )
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

    def check_community(self, row: _Row) -> None:
        """A 社区 cell names a community of the area imported into; a head's row must name one
        unless the file goes into one community."""
        text = row.cells.get("community", "")
        if not text:
            if self.community is not None:
                self.community_of[row.number] = self.community
            elif row.is_head:
                self.error(
                    row,
                    "community",
                    _(
                        "This field is required: the file is imported into %(name)s, and each "
                        "household's row names which of its communities it lives in."
                    )
                    % {"name": self.area.name},
                )
            return
        if self.communities is None:
            self.communities = Communities(self.area)
        area, problem = self.communities.find(text)
        if area is not None:
            self.community_of[row.number] = area
        elif self.community is not None:
            self.error(
                row,
                "community",
                _("Wrong community: this roster is being imported into %(name)s (%(code)s).")
                % {"name": self.community.name, "code": self.community.code},
            )
        else:
            self.error(row, "community", problem)

    def check_one_community(self, heads: dict[str, "_Row"], rows: list["_Row"]) -> None:
        """Members' rows that name a community must name their head's: a household lives in one."""
        for row in rows:
            head = None if row.is_head else heads.get(idnumbers.normalise(row.cells.get("head_id", "")))
            community = self.community_of.get(row.number)
            theirs = self.community_of.get(head.number) if head is not None else None
            if head is not None and community is not None and theirs is not None and community != theirs:
                self.error(
                    row,
                    "community",
                    _("The head's row (row %(row)d) says %(name)s: a household lives in one community.")
                    % {"row": head.number, "name": theirs.name},
                )

    def households(self, rows: list[_Row]) -> list[NewHousehold]:
        heads_by_id: dict[str, _Row] = {}
        for row in rows:
            if row.is_head:
                heads_by_id.setdefault(idnumbers.normalise(row.cells.get("head_id", "")), row)
        self.check_one_community(heads_by_id, rows)
        groups: dict[str, list[_Row]] = defaultdict(list)
        for row in rows:
            head_id = idnumbers.normalise(row.cells.get("head_id", ""))
            if not head_id:
                if "head_id" not in row.lossy:
                    self.error(row, "head_id", _("This field is required."))
                continue
            groups[head_id].append(row)
        new = []
        for head_id, members in groups.items():
            heads = [r for r in members if r.is_head]
            if not heads:
                for row in members:
                    if "head_id" not in row.lossy:
                        self.error(
                            row,
                            "head_id",
                            _("No head's row (relation 本人 or 户主) in this file has this ID number."),
                        )
                continue
            for extra in heads[1:]:
                self.error(
                    extra,
                    "relation",
                    _("The household %(id)s has more than one head (rows %(rows)s).")
                    % {"id": head_id, "rows": ", ".join(str(r.number) for r in heads)},
                )
            head = heads[0]
            # Only a valid number is compared: a wrong one has its own error already.
            if head.member.get("id_number") and head.member["id_number"] != head_id:
                self.error(
                    head,
                    "head_id",
                    _("On the head's row, %(column)s must be the head's own ID number.")
                    % {"column": self.column("head_id")},
                )
            values = self.household_values(head)
            if not all(r.ok for r in members) or values is None:
                continue
            ordered = [head, *[r for r in members if r is not head]]
            for row in ordered:
                if row.inherit_hukou:
                    row.member["hukou"] = values["urban_rural"]
            new.append(self.new_household(values, ordered))
        return new

    def new_household(self, values: HouseholdFields, ordered: list[_Row]) -> NewHousehold:
        month = self.today.replace(day=1)
        incomes: list[tuple[int, IncomeFields]] = [
            (
                index,
                {
                    "kind": IncomeKind.OTHER,
                    "amount": row.income,
                    "source": INCOME_SOURCE,
                    "notes": "",
                    "month_from": month,
                    "month_to": None,
                },
            )
            for index, row in enumerate(ordered)
            if row.income
        ]
        return NewHousehold(
            community=self.community_of[ordered[0].number],
            values=values,
            members=[r.member for r in ordered],
            incomes=incomes,
        )

    def household_values(self, head: _Row) -> HouseholdFields | None:
        # A damaged account or phone has its error already: the rest of the household is checked.
        data = {key: head.cells.get(key, "") for key in HOUSEHOLD_KEYS if key not in head.lossy}
        data["urban_rural"] = vocabulary.code_for("urban_rural", data["urban_rural"]) or ""
        try:
            values = clean_household(data, partial=bool(head.lossy & set(HOUSEHOLD_KEYS)))
        except DomainError as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    # An unknown word was reported already; "required" would only repeat it.
                    if not (name == "urban_rural" and head.cells.get("urban_rural")):
                        self.error(head, name, message)
            head.ok = False
            return None
        if head.cells.get("number"):
            values["number"] = head.cells["number"].upper()
        if head.cells.get("category"):
            category = self.category_of(head)
            if category is None:
                head.ok = False
                return None
            values["category_id"] = category
        return values

    def category_of(self, head: _Row) -> int | None:
        """The county's household category the head's 人员类别 cell names (an error when none)."""
        if self.categories is None:
            self.categories = dict(
                HouseholdCategory.objects.filter(county=self.county).values_list("name", "pk")
            )
        name = " ".join(head.cells["category"].split())
        found = self.categories.get(name)
        if found is None:
            names = "、".join(sorted(self.categories)) or _("none yet")
            self.error(
                head,
                "category",
                _("The county has no household category of this name; its categories are: %(names)s.")
                % {"names": names},
            )
        return found

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

    def check_numbers(self, rows: list[_Row]) -> dict[str, _Row]:
        """Household numbers on the heads' rows: well-formed and each used once in the file.
        (Members' rows may repeat their head's number: an export writes it on every row.)"""
        heads: dict[str, _Row] = {}
        for row in rows:
            number = row.cells.get("number", "").upper()
            if not row.is_head or not number:
                continue
            if not _NUMBER.match(number):
                self.error(row, "number", _("A household number has at most 20 letters and digits."))
            elif number in heads:
                self.error(
                    row,
                    "number",
                    _("Household number %(n)s is also on row %(row)d.")
                    % {"n": number, "row": heads[number].number},
                )
            else:
                heads[number] = row
        return heads

    def check_database(self, rows: list[_Row], numbered: dict[str, _Row]) -> None:
        """Set-based: one query per chunk of ID numbers and one per chunk of household numbers."""
        by_id = {r.member["id_number"]: r for r in rows if r.member.get("id_number")}
        for ids in chunks(list(by_id), CHUNK):
            holders = Member.objects.filter(is_current=True, id_number__in=ids).select_related(
                "household__community"
            )
            for holder in holders:
                self.error(by_id[holder.id_number], "id_number", id_conflict_message(holder, self.actor))
        for numbers in chunks(list(numbered), CHUNK):
            taken = Household.objects.filter(county=self.county, number__in=numbers).values_list(
                "number", flat=True
            )
            for number in taken:
                self.error(
                    numbered[number],
                    "number",
                    _("Household number %(n)s is already used in this county.") % {"n": number},
                )


def parse(
    table: Table,
    *,
    area: Area,
    county: Area,
    actor: User | None,
    today: datetime.date | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[list[NewHousehold], list[RowError]]:
    """`area`: the community the file goes into, or the street or county whose communities its
    社区 column names. `progress` counts the rows checked (a job's progress bar)."""
    return run(_Parser(table, area, county, actor, today or timezone.localdate()), progress=progress)


def run(parser: _Parser, *, progress: Progress = NO_PROGRESS) -> tuple[list[NewHousehold], list[RowError]]:
    """Every check, in order; the households only when there is no error at all."""
    table = parser.table
    if parser.missing:
        missing = "、".join(parser.missing)
        reason = _("Required columns are missing: %(cols)s.") % {"cols": missing}
        return [], [RowError(table.first_row - 1, missing, "", reason)]
    rows = parser.rows()
    if not rows:
        return [], [RowError(table.first_row, "", "", _("The file has no data rows."))]
    progress.start(len(rows))
    for done, row in enumerate(rows, start=1):
        parser.read_member(row)
        progress.advance(done)
    parser.check_duplicates(rows)
    numbered = parser.check_numbers(rows)
    parser.check_database(rows, numbered)
    new = parser.households(rows)
    order = {header: index for index, header in reversed(list(enumerate(table.headers)))}
    parser.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
    return (new if not parser.errors else []), parser.errors
