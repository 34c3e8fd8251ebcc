"""The payment file a county sends its bank (代发文件): one row per household paid, in the columns,
headers, format and encoding the bank asks for (`BankLayout`), with a control total where the
layout puts one.

Streamed: lines are read as plain tuples in chunks and written as they come, so a province's
million lines take seconds and little memory. Amounts are read from the database in whole fen
(as `payroll.totals` sums them) and written as exact decimals, so the control total equals the
run's total to the fen on SQLite too.

What a person opening the file sees: in xlsx (the default) ID numbers and accounts are text cells
and amounts numbers shown with two decimals, so a clerk's SUM adds them up; in CSV every cell goes
through `core.csvfile` (nothing written can run as a formula) and the digits of ID numbers and
accounts are guarded as the layout says (`digit_guard`), so a spreadsheet does not turn them into
2.10204E+17. The control total is a record of its own shape — 合计, the count, the total: three
fields, not the payment columns — placed where the layout says (`control_total`: none, first or
last), so that no parser takes it for a payment under the amount column.

Nothing here writes to the database: saving a county's layout and exporting a run (which marks
it sent, audited) are `payroll.services.bankfiles`.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area
from dibao.core.csvfile import CsvWriter, DigitGuard
from dibao.core.downloads import XLSX, download_name
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import NO_PROGRESS, Progress, counted
from dibao.core.scoping import within_area
from dibao.core.sheets.xlsx_stream import StreamedSheet
from dibao.policy.models import Program

from . import services, totals
from .models import BankLayout, ControlTotal, Run
from .roster import program_short_name

CHUNK = 10_000
HEADER_MAX = 40
CONTROL_LABEL = "合计"


TEXT, WHOLE, MONEY = "text", "whole", "money"


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
# Positions in the record `_records` builds for each line; a layout picks its columns from it.
_ORDER = list(FIELDS)
DEFAULT_COLUMNS = [
    {"field": key, "header": FIELDS[key].header}
    for key in ("number", "name", "id_number", "account", "amount", "note")
]


def layout_for(county: Area) -> BankLayout:
    """The county's layout, or the default one (unsaved): the bank gets a file either way.

    The default is xlsx, which a clerk can open without damage, without a control total record
    (the count and the total are on the run's page and in the command's output)."""
    found = BankLayout.objects.filter(county=county).first()
    if found is not None:
        return found
    return BankLayout(county=county, columns=DEFAULT_COLUMNS)


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
    file_format = _choice(data, "file_format", BankLayout.Format.XLSX)
    if file_format not in BankLayout.Format.values:
        errors["file_format"] = [_("The format is csv or xlsx.")]
    encoding = _choice(data, "encoding", BankLayout.Encoding.GB18030)
    if encoding not in BankLayout.Encoding.values:
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


def paid_lines(run: Run, program: str | None = None) -> Any:
    """The lines the bank pays: a total of 0 (an overpayment recovered in full) is not sent.
    `program`: that program's lines only (a file split by program)."""
    lines = run.lines.filter(total__gt=0)
    return lines if program is None else lines.filter(program_id=program)


def _notes(month: Any) -> dict[str, str]:
    """Each program's remark on a payment, as the recipient's bank statement shows it:
    2026-01低保金, 2026-01高龄津贴 (a subsidy or an allowance is named as it is)."""
    return {
        code: f"{month:%Y-%m}{short}" + ("" if short.endswith(("金", "贴")) else "金")
        for code, short in Program.objects.values_list("code", "short_name")
    }


def _records(run: Run, program: str | None = None) -> Iterator[tuple[Any, ...]]:
    """Every paid line (of `program`, or of all) as a tuple in FIELDS order, with its amount in
    fen last.

    values_list tuples and dicts of community names and notes: no model instances, no query per line.
    """
    names = dict(within_area(Area.objects.all(), run.county, "code").values_list("id", "name"))
    notes = _notes(run.month)
    rows = (
        paid_lines(run, program)
        .annotate(
            fen=Cast(Round(F("total") * 100), IntegerField()),
            arrears_fen=Cast(Round(F("arrears") * 100), IntegerField()),
        )
        .order_by("community_id", "household_id")
        .values_list(
            "head_name",
            "head_id_number",
            "bank_account",
            "bank_name",
            "fen",
            "community_id",
            "persons",
            "arrears_fen",
            "program_id",
        )
    )
    for number, (name, id_number, account, bank, fen, community, persons, arrears, code) in enumerate(
        rows.iterator(chunk_size=CHUNK), start=1
    ):
        note = notes.get(code, "")
        yield (
            number,
            name,
            id_number,
            account,
            bank,
            _yuan(fen),
            names.get(community, ""),
            persons,
            note + "含补发" if arrears > 0 else note,
            fen,
        )


def _yuan(fen: int) -> Decimal:
    return Decimal(f"{fen // 100}.{fen % 100:02d}")


def _control_record(count: int, fen: int) -> list[Any]:
    """合计, the number of payments, their total: a record of its own type and width, which no
    parser of payment rows takes for a payment."""
    return [CONTROL_LABEL, count, _yuan(fen)]


def _totals(run: Run, program: str | None) -> tuple[int, int]:
    """The count and total (fen) of what `_records` yields, for a control total written first:
    one aggregate, summed in whole fen as `payroll.totals` sums them."""
    figures = totals.figures(paid_lines(run, program))
    return figures.lines, int(figures.total * 100)


def _write_csv(
    run: Run,
    out: IO[bytes],
    layout: BankLayout,
    columns: list[dict[str, str]],
    progress: Progress,
    program: str | None,
) -> tuple[int, int]:
    fields = [c["field"] for c in columns]
    picks = [_ORDER.index(key) for key in fields]
    digits = {col for col, key in enumerate(fields) if FIELDS[key].digits}
    count = fen = 0
    with CsvWriter(out, encoding=layout.encoding, digit_columns=digits, guard=layout.digit_guard) as writer:
        if layout.control_total == ControlTotal.HEADER:
            writer.row(_control_record(*_totals(run, program)))
        writer.header([c["header"] for c in columns])
        for record in counted(_records(run, program), progress):
            writer.row([record[i] for i in picks])
            count += 1
            fen += record[-1]
        if layout.control_total == ControlTotal.FOOTER:
            writer.row(_control_record(count, fen))
    return count, fen


def _write_xlsx(
    run: Run,
    out: IO[bytes],
    layout: BankLayout,
    columns: list[dict[str, str]],
    progress: Progress,
    program: str | None,
) -> tuple[int, int]:
    fields = [c["field"] for c in columns]
    picks = [_ORDER.index(key) for key in fields]
    texts = {col for col, key in enumerate(fields) if FIELDS[key].kind == TEXT}
    wholes = {col for col, key in enumerate(fields) if FIELDS[key].kind == WHOLE}
    widths = [
        22 if key in ("id_number", "account") else 8 if key in ("number", "persons") else 14 for key in fields
    ]
    widths += [8] * (len(_control_record(0, 0)) - len(fields))  # a control total over three columns
    head = layout.control_total == ControlTotal.HEADER
    known, head_fen = _totals(run, program) if head else (paid_lines(run, program).count(), 0)
    # Streamed straight into the zip (the roster export's writer): a million lines in constant memory,
    # without a spreadsheet library's bookkeeping per cell. Text fields are str, so text cells; the
    # amount a Decimal, so a number shown "0.00" that a SUM adds; the sequence number and the persons
    # whole numbers.
    count = fen = 0
    with StreamedSheet(
        out, "代发", widths, texts, whole_columns=wholes, rows=known + 2, frozen_rows=2 if head else 1
    ) as sheet:
        if head:
            sheet.total(_control_record(known, head_fen))
        sheet.header([c["header"] for c in columns])
        row = sheet.row
        for record in counted(_records(run, program), progress):
            row([record[i] for i in picks])
            count += 1
            fen += record[-1]
        if layout.control_total == ControlTotal.FOOTER:
            sheet.total(_control_record(count, fen))
    return count, fen


def write_bank_file(
    run: Run,
    out: IO[bytes],
    layout: BankLayout,
    progress: Progress = NO_PROGRESS,
    program: str | None = None,
) -> tuple[int, Decimal]:
    """Write the run's payment file to `out` (a binary file); returns (lines, total). `progress`
    counts the lines written of the run's lines. `program`: only that program's lines, with
    their own count and control total (a county whose funding lines pay each program from its own
    account sends the bank a file per program); None: every line, as one file.

    Only a fixed run is paid: a draft may still change after its file has gone to the bank.
    """
    services.require_fixed(run)
    # Checked again: a layout saved before a field was renamed must not write a wrong file.
    columns = clean_layout({"columns": layout.columns})["columns"]
    write = _write_xlsx if layout.file_format == BankLayout.Format.XLSX else _write_csv
    if progress is not NO_PROGRESS:
        progress.start(paid_lines(run, program).count())
    count, fen = write(run, out, layout, columns, progress, program)
    return count, (Decimal(fen) / 100).quantize(Decimal("0.01"))


def media_type(layout: BankLayout) -> str:
    """The bank file's content type: an xlsx, or a CSV in the layout's encoding."""
    if layout.file_format == BankLayout.Format.XLSX:
        return XLSX
    charset = "utf-8" if layout.encoding == BankLayout.Encoding.UTF8_BOM else layout.encoding
    return f"text/csv; charset={charset}"


def filename(run: Run, layout: BankLayout, program: str | None = None) -> str:
    """救助资金代发-沙河口区-2026年01月.csv; split by program, 高龄津贴代发-沙河口区-2026年01月.csv."""
    what = f"{program_short_name(program)}代发" if program else "救助资金代发"
    return download_name(what, run.county.name, run.month, layout.file_format)


def program_code(code: str | None) -> str | None:
    """The program a bank file is split by, checked: None or "" for every line; an unknown code
    is refused on the field `program`."""
    if not code or not str(code).strip():
        return None
    code = str(code).strip()
    if not Program.objects.filter(code=code).exists():
        raise DomainError(
            _("No program has the code '%(code)s'; the codes are: %(codes)s.")
            % {"code": code, "codes": ", ".join(Program.objects.values_list("code", flat=True))},
            field="program",
        )
    return code
