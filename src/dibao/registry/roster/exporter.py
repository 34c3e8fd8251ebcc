"""Exporting households and members in the roster layout, so that an export imports again — into
the area it was taken from, each row going to the community its 社区 column names.

Members are read in one streamed query with their household's fields and their current monthly
income summed by a subquery, so 100,000 members cost a handful of queries, not one per household.

xlsx is the default: what a clerk opens. A CSV goes through `core.csvfile`: no cell can run as a
formula, and the columns of digits (ID numbers, household numbers, phones, accounts) are written
`="…"`, which a spreadsheet shows as the text it is and the import reads back as the digits.
"""

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import disclosure
from dibao.core.csvfile import CsvWriter, DigitGuard
from dibao.core.jobs.progress import NO_PROGRESS, Progress, counted
from dibao.core.money import FEN
from dibao.core.months import this_month
from dibao.core.sheets.template import Column, template_workbook
from dibao.core.sheets.xlsx_stream import StreamedSheet

from ..models import Household, Income, Member, Relation
from ..selectors import HEAD_FIRST
from ..services.roster import roster_export_record
from . import headers as cols
from . import vocabulary

COLUMNS = [key for key in cols.CANONICAL]
TEXT_COLUMNS = {"number", "head_id", "id_number", "phone", "bank_account"}


def _monthly_income(month: datetime.date) -> Coalesce:
    current = Income.objects.filter(member=OuterRef("pk"), month_from__lte=month).filter(
        Q(month_to__isnull=True) | Q(month_to__gte=month)
    )
    total = current.order_by().values("member").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), Value(0), output_field=DecimalField(max_digits=12, decimal_places=2))


def rows(
    households: QuerySet[Household], *, full_ids: bool, month: datetime.date, full_accounts: bool = True
) -> Iterator[list[Any]]:
    """One list per member in COLUMNS order; the head first in each household. ID numbers and bank
    accounts are whole or masked as `full_ids` and `full_accounts` say.

    Plain tuples, not model instances: building 100,000 members with their households would take
    longer than the query itself.
    """
    ids = households.order_by().values("id")
    heads = dict(
        Member.objects.filter(household__in=ids, relation=Relation.SELF).values_list(
            "household_id", "id_number"
        )
    )
    members = (
        Member.objects.filter(household__in=ids)
        .annotate(monthly=_monthly_income(month))
        .order_by("household__number", "household_id", *HEAD_FIRST)
        .values_list(
            "household_id",
            "household__number",
            "name",
            "id_number",
            "relation",
            "hukou",
            "household__address",
            "household__phone",
            "household__bank_name",
            "household__bank_account",
            "disability_type",
            "disability_grade",
            "health",
            "labour_capacity",
            "employment",
            "monthly",
            "household__community__name",
            named=True,
        )
    )
    show = (lambda n: n) if full_ids else disclosure.mask_id_number
    account = (lambda n: n) if full_accounts else disclosure.mask_account
    word = vocabulary.word_for
    for m in members.iterator(chunk_size=5000):
        is_head = m.relation == Relation.SELF
        yield [
            m.household__number,
            show(heads.get(m.household_id, "")),
            m.name,
            show(m.id_number),
            word("relation", m.relation),
            word("urban_rural", m.hukou),
            m.household__address if is_head else "",
            m.household__phone if is_head else "",
            m.household__bank_name if is_head else "",
            account(m.household__bank_account) if is_head else "",
            word("disability_type", m.disability_type),
            word("disability_grade", m.disability_grade),
            word("health", m.health),
            word("labour_capacity", m.labour_capacity),
            word("employment", m.employment),
            # SQLite's sum comes back as Decimal('1400'), PostgreSQL's as Decimal('1400.00'): the same file.
            Decimal(m.monthly).quantize(FEN) if m.monthly else "",
            m.household__community__name,
        ]


def _widths() -> list[float]:
    return [21 if key in TEXT_COLUMNS else 24 if key == "address" else 10 for key in COLUMNS]


def write_xlsx(lines: Iterator[list[Any]], out: Any, *, rows: int | None = None) -> int:
    """The roster sheet, streamed: text-formatted ID columns (what someone types in later stays
    text, so Excel does not turn a new ID number into 2.10204E+17 and lose its last digits).
    `rows`: how many members at most, so that the file carries ZIP64 records only if it needs them."""
    text_columns = {i for i, key in enumerate(COLUMNS) if key in TEXT_COLUMNS}
    count = 0
    size = None if rows is None else rows + 1
    with StreamedSheet(out, _("Roster"), _widths(), text_columns, rows=size) as sheet:
        sheet.header([cols.CANONICAL[key] for key in COLUMNS])
        for line in lines:
            sheet.row(line)
            count += 1
    return count


def write_csv(lines: Iterator[list[Any]], out: IO[bytes], *, encoding: str = "utf-8-sig") -> int:
    """The roster as CSV in `encoding`; GB18030 is refused (`csvfile.OutsideGbk`) when a name or
    an address has a character a GBK program would garble."""
    digits = {i for i, key in enumerate(COLUMNS) if key in TEXT_COLUMNS}
    count = 0
    with CsvWriter(out, encoding=encoding, digit_columns=digits, guard=DigitGuard.FORMULA) as writer:
        writer.header([cols.CANONICAL[key] for key in COLUMNS])
        for line in lines:
            writer.row(line)
            count += 1
    return count


def export(
    households: QuerySet[Household],
    *,
    actor: User | None,
    area: Area,
    fmt: str,
    out: Any,
    description: str,
    encoding: str = "utf-8-sig",
    progress: Progress = NO_PROGRESS,
    keep: Callable[[], object] | None = None,
) -> int:
    """Write the roster of `households` to `out` (binary for xlsx, and for CSV too: encoded here).

    The export is audited: who took which households' data out, and whether ID numbers and bank
    accounts were whole. It is a work file (core.disclosure): whole numbers for those who register,
    whole accounts for those who pay, masked for anyone else. `progress` counts the members
    written; `keep` (a job's, `core.jobs.files`) keeps the file in the audit entry's transaction.
    """
    full_ids = disclosure.sees_whole_id(actor, disclosure.Use.WORK_FILE)
    full_accounts = disclosure.sees_whole_account(actor, disclosure.Use.WORK_FILE)
    month = this_month()
    lines = rows(households, full_ids=full_ids, full_accounts=full_accounts, month=month)
    members = None
    if fmt == "xlsx" or progress is not NO_PROGRESS:
        members = Member.objects.filter(household__in=households.order_by().values("id")).count()
        progress.start(members)
        lines = counted(lines, progress)
    if fmt == "xlsx":
        count = write_xlsx(lines, out, rows=members)
    else:
        count = write_csv(lines, out, encoding=encoding)
    roster_export_record(
        actor=actor,
        area=area,
        fmt=fmt,
        members=count,
        full_ids=full_ids,
        full_accounts=full_accounts,
        description=description,
        keep=keep,
    )
    return count


EXAMPLE: list[dict[str, str]] = [
    {
        "head_id": "210204197001010014",
        "name": "张三",
        "id_number": "210204197001010014",
        "relation": "本人",
        "urban_rural": "城市",
        "address": "海州街12号1-2-1",
        "phone": "13800000000",
        "bank_name": "中国农业银行",
        "bank_account": "6228480000000000001",
        "disability_type": "肢体",
        "disability_grade": "二级",
        "health": "慢性病",
        "labour_capacity": "部分",
        "employment": "失业",
        "monthly_income": "300",
    },
    {
        "head_id": "210204197001010014",
        "name": "李四",
        "id_number": "210204197203040027",
        "relation": "配偶",
        "urban_rural": "城市",
        "health": "健康",
        "labour_capacity": "完全",
        "employment": "灵活就业",
        "monthly_income": "800",
    },
]


def template_notes() -> list[tuple[str, str]]:
    """How each column of the roster is filled in (the template's second sheet)."""
    required, optional = _("Required."), _("Optional.")
    explained = {
        "number": _(
            "Optional. Left empty, the household gets the next number of the county. An export "
            "writes it, so that the file imports again unchanged."
        ),
        "head_id": _("Required on every row: the ID number of the head of the row's household."),
        "relation": _(
            "Required. The head's own row says 本人 (or 户主); the household's address, phone, "
            "bank and urban/rural category are read from that row."
        ),
        "urban_rural": _("Required on the head's row; left empty on another row, the household's is used."),
        "address": _("Required on the head's row."),
        "monthly_income": _(
            "Optional: the member's monthly income in yuan, recorded as other income from this month."
        ),
        "community": _(
            "Optional. When filled in, it must be the name or the 12-digit code of the "
            "community the file is imported into."
        ),
    }
    notes = [
        (cols.CANONICAL[key], str(explained.get(key) or (required if key in cols.REQUIRED else optional)))
        for key in COLUMNS
    ]
    notes.append(("", _("One row per member. ID numbers are 18 characters; keep those columns as text.")))
    notes += [
        (cols.CANONICAL[field], _("Allowed: %(words)s") % {"words": vocabulary.accepted(field)})
        for field in vocabulary.WORDS
    ]
    return notes


def template_xlsx() -> bytes:
    """An empty roster with the canonical headers, one example household and the allowed words."""
    columns = [
        Column(cols.CANONICAL[key], width, key in TEXT_COLUMNS)
        for key, width in zip(COLUMNS, _widths(), strict=True)
    ]
    examples = [[example.get(key, "") for key in COLUMNS] for example in EXAMPLE]
    return template_workbook(_("Roster"), columns, examples, template_notes())
