"""The payment file a county sends its bank (代发文件), as a format: one row per payment, in the
columns, headers, format and encoding the bank asks for (a `Layout`), with a control total where
the layout puts one. What is paid comes from the caller as records; this module knows no run, no
batch and no model of the project, so the monthly payroll (`payroll.bankfile`) and a county's
disbursement batch of one-off grants (`assistance.batchfile`) write one and the same file.

A record is a tuple in `FIELDS` order with the amount in whole fen last: callers read amounts from
the database in fen (as `payroll.totals` sums them) and the file shows them as exact decimals, so
the control total equals the caller's own total to the fen on SQLite too. Records are streamed as
they come, so a province's million lines take seconds and little memory.

What a person opening the file sees: in xlsx (the default) ID numbers and accounts are text cells
and amounts numbers shown with two decimals, so a clerk's SUM adds them up; in CSV every cell goes
through `core.csvfile` (nothing written can run as a formula) and the digits of ID numbers and
accounts are guarded as the layout says (`digit_guard`), so a spreadsheet does not turn them into
2.10204E+17. The control total is a record of its own shape — 合计, the count, the total: three
fields, not the payment columns — placed where the layout says (`control_total`: none, first or
last), so that no parser takes it for a payment under the amount column.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from .csvfile import CsvWriter, DigitGuard
from .downloads import XLSX
from .errors import DomainError
from .jobs.progress import NO_PROGRESS, Progress, counted
from .sheets.xlsx_stream import StreamedSheet

HEADER_MAX = 40
CONTROL_LABEL = "合计"

TEXT, WHOLE, MONEY = "text", "whole", "money"


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "xlsx"


class Encoding(models.TextChoices):
    GB18030 = "gb18030", "GB18030"
    UTF8 = "utf-8", "UTF-8"
    UTF8_BOM = "utf-8-sig", _("UTF-8 with BOM")


class ControlTotal(models.TextChoices):
    """Where a bank file's control total record (合计, count, total) goes, if anywhere."""

    NONE = "none", _("none")
    HEADER = "header", _("first, before the column headers")
    FOOTER = "footer", _("last, after the payments")


@dataclass(frozen=True)
class Field:
    header: str  # the column's header in the bank file unless the layout names another
    label: Any  # what the field is, for the page where a county sets its layout
    kind: str = TEXT  # an xlsx text cell, a whole number, or money ("0.00")
    digits: bool = False  # a long run of digits a spreadsheet would damage: guarded in CSV


FIELDS: dict[str, Field] = {
    "number": Field("序号", _("Sequence number"), kind=WHOLE),
    "name": Field("姓名", _("Name of the head of household")),
    "id_number": Field("身份证号", _("ID number of the head of household"), digits=True),
    "account": Field("银行账号", _("Bank account"), digits=True),
    "bank": Field("开户银行", _("Bank")),
    "amount": Field("金额", _("Amount to pay"), kind=MONEY),
    "community": Field("社区", _("Community")),
    "persons": Field("保障人数", _("Persons covered"), kind=WHOLE),
    "note": Field("备注", _("Note (month, and whether arrears are included)")),
}
# Positions in a record; a layout picks its columns from it. The amount in fen follows the last.
ORDER = list(FIELDS)
DEFAULT_COLUMNS = [
    {"field": key, "header": FIELDS[key].header}
    for key in ("number", "name", "id_number", "account", "amount", "note")
]


class Layout(Protocol):
    """What the writer reads of a county's layout (`payroll.models.BankLayout` is one)."""

    columns: Any
    file_format: str
    encoding: str
    digit_guard: str
    control_total: str


@dataclass
class DefaultLayout:
    """The layout of a county that saved none: xlsx, which a clerk can open without damage, without
    a control total record."""

    columns: list[dict[str, str]] = field(default_factory=lambda: [dict(c) for c in DEFAULT_COLUMNS])
    file_format: str = FileFormat.XLSX
    encoding: str = Encoding.GB18030
    digit_guard: str = DigitGuard.TAB
    control_total: str = ControlTotal.NONE


def _column_errors(columns: object) -> tuple[list[dict[str, str]], list[Any]]:
    if not isinstance(columns, list) or not columns:
        return [], [_("A bank file needs at least one column.")]
    cleaned: list[dict[str, str]] = []
    errors: list[Any] = []
    for position, column in enumerate(columns, start=1):
        # A column is {"field": …, "header": …}; a bare field name keeps the usual header.
        item: Mapping[str, Any] = column if isinstance(column, Mapping) else {"field": column}
        key = str(item.get("field") or "").strip()
        if key not in FIELDS:
            errors.append(
                _("Column %(n)s: unknown field '%(field)s'; a column is one of %(fields)s.")
                % {"n": position, "field": key, "fields": ", ".join(FIELDS)}
            )
            continue
        header = str(item.get("header") or "").strip() or FIELDS[key].header
        if len(header) > HEADER_MAX:
            errors.append(
                _("Column %(n)s: a header is at most %(max)s characters.")
                % {"n": position, "max": HEADER_MAX}
            )
        if any(c["field"] == key for c in cleaned):
            errors.append(_("Column %(n)s: '%(field)s' is already a column.") % {"n": position, "field": key})
        elif any(c["header"] == header for c in cleaned):
            errors.append(
                _("Column %(n)s: the header '%(header)s' is already used.")
                % {"n": position, "header": header}
            )
        cleaned.append({"field": key, "header": header})
    fields = {c["field"] for c in cleaned}
    if not errors and "amount" not in fields:
        errors.append(_("A bank file needs the amount column."))
    if not errors and not fields & {"account", "id_number"}:
        errors.append(_("A bank file needs the bank account or the ID number, to know whom to pay."))
    return cleaned, errors


def _choice(data: Mapping[str, Any], name: str, default: str) -> str:
    return str(data.get(name) or default).strip().lower()


def clean_layout(data: Mapping[str, Any]) -> dict[str, Any]:
    """A layout as submitted (page, API) checked field by field: {"columns", "file_format",
    "encoding", "digit_guard", "control_total"}; raises DomainError with every problem at once."""
    errors: dict[str, list[Any]] = {}
    columns, column_errors = _column_errors(data.get("columns"))
    if column_errors:
        errors["columns"] = column_errors
    file_format = _choice(data, "file_format", FileFormat.XLSX)
    if file_format not in FileFormat.values:
        errors["file_format"] = [_("The format is csv or xlsx.")]
    encoding = _choice(data, "encoding", Encoding.GB18030)
    if encoding not in Encoding.values:
        errors["encoding"] = [_("The encoding is gb18030, utf-8 or utf-8-sig.")]
    guard = _choice(data, "digit_guard", DigitGuard.TAB)
    if guard not in DigitGuard.values:
        errors["digit_guard"] = [
            _("The guard of ID numbers and accounts in a CSV is %(values)s.")
            % {"values": ", ".join(DigitGuard.values)}
        ]
    control = _choice(data, "control_total", ControlTotal.NONE)
    if control not in ControlTotal.values:
        errors["control_total"] = [
            _("The control total is %(values)s.") % {"values": ", ".join(ControlTotal.values)}
        ]
    if errors:
        raise DomainError(errors=errors)
    return {
        "columns": columns,
        "file_format": file_format,
        "encoding": encoding,
        "digit_guard": guard,
        "control_total": control,
    }


def yuan(fen: int) -> Decimal:
    return Decimal(f"{fen // 100}.{fen % 100:02d}")


def control_record(count: int, fen: int) -> list[Any]:
    """合计, the number of payments, their total: a record of its own type and width, which no
    parser of payment rows takes for a payment."""
    return [CONTROL_LABEL, count, yuan(fen)]


# The count and the total in fen of what the records will be, asked only when the file needs them
# before its rows (a control total first; the size of an xlsx sheet).
Expected = Callable[[], tuple[int, int]]


def _write_csv(
    out: IO[bytes],
    layout: Layout,
    columns: list[dict[str, str]],
    records: Iterable[tuple[Any, ...]],
    expected: Expected,
) -> tuple[int, int]:
    fields = [c["field"] for c in columns]
    picks = [ORDER.index(key) for key in fields]
    digits = {col for col, key in enumerate(fields) if FIELDS[key].digits}
    count = fen = 0
    with CsvWriter(out, encoding=layout.encoding, digit_columns=digits, guard=layout.digit_guard) as writer:
        if layout.control_total == ControlTotal.HEADER:
            writer.row(control_record(*expected()))
        writer.header([c["header"] for c in columns])
        for record in records:
            writer.row([record[i] for i in picks])
            count += 1
            fen += record[-1]
        if layout.control_total == ControlTotal.FOOTER:
            writer.row(control_record(count, fen))
    return count, fen


def _write_xlsx(
    out: IO[bytes],
    layout: Layout,
    columns: list[dict[str, str]],
    records: Iterable[tuple[Any, ...]],
    expected: Expected,
) -> tuple[int, int]:
    fields = [c["field"] for c in columns]
    picks = [ORDER.index(key) for key in fields]
    texts = {col for col, key in enumerate(fields) if FIELDS[key].kind == TEXT}
    wholes = {col for col, key in enumerate(fields) if FIELDS[key].kind == WHOLE}
    widths = [
        22 if key in ("id_number", "account") else 8 if key in ("number", "persons") else 14 for key in fields
    ]
    widths += [8] * (len(control_record(0, 0)) - len(fields))  # a control total over three columns
    head = layout.control_total == ControlTotal.HEADER
    known, head_fen = expected()
    # Streamed straight into the zip (the roster export's writer): a million lines in constant memory,
    # without a spreadsheet library's bookkeeping per cell. Text fields are str, so text cells; the
    # amount a Decimal, so a number shown "0.00" that a SUM adds; the sequence number and the persons
    # whole numbers.
    count = fen = 0
    with StreamedSheet(
        out, "代发", widths, texts, whole_columns=wholes, rows=known + 2, frozen_rows=2 if head else 1
    ) as sheet:
        if head:
            sheet.total(control_record(known, head_fen))
        sheet.header([c["header"] for c in columns])
        row = sheet.row
        for record in records:
            row([record[i] for i in picks])
            count += 1
            fen += record[-1]
        if layout.control_total == ControlTotal.FOOTER:
            sheet.total(control_record(count, fen))
    return count, fen


def write(
    out: IO[bytes],
    layout: Layout,
    records: Iterable[tuple[Any, ...]],
    expected: Expected,
    progress: Progress = NO_PROGRESS,
) -> tuple[int, Decimal]:
    """Write `records` to `out` (a binary file) as `layout` says; returns (payments, total).
    `expected` answers the count and total (fen) of the records before they are written, when the
    file needs them; `progress` counts the records written (the caller has started it)."""
    # Checked again: a layout saved before a field was renamed must not write a wrong file.
    columns = clean_layout({"columns": layout.columns})["columns"]
    writer = _write_xlsx if layout.file_format == FileFormat.XLSX else _write_csv
    count, fen = writer(out, layout, columns, counted(records, progress), expected)
    return count, (Decimal(fen) / 100).quantize(Decimal("0.01"))


def media_type(layout: Layout) -> str:
    """The bank file's content type: an xlsx, or a CSV in the layout's encoding."""
    if layout.file_format == FileFormat.XLSX:
        return XLSX
    charset = "utf-8" if layout.encoding == Encoding.UTF8_BOM else layout.encoding
    return f"text/csv; charset={charset}"
