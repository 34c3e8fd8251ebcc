"""The bank's results for a run sent to it (代发结果): which payments went through and which failed.

The file is xlsx or CSV (UTF-8 or GB18030), read as the register reads rosters; each row names a
person (ID number, or bank account), the amount and the result. Everything is checked before
anything is written: a row naming nobody in the run, an amount other than the line's, a line twice
or already answered refuses the whole file with every reason by row and column. Otherwise each
line gets its result, each failure waits as a reissue (`Adjustment`) for the next run's draft, and
when no line is outstanding the run is paid — all in one transaction with its audit entry, written
by `payroll.services.results`.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.core.errors import DomainError
from dibao.core.money import parse_amount
from dibao.core.sheets import digits, reader
from dibao.core.sheets.headers import Columns, normalise
from dibao.core.sheets.row_errors import RowError, file_refused

from . import services, totals
from .bankfile import CONTROL_LABEL, paid_lines
from .models import Line, LineResult, Run, RunState
from .services.results import Failure, bank_results_record

HEADER_SEARCH_ROWS = 10
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id_number": (
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "证件号",
        "公民身份号码",
        "户主身份证号",
        "id number",
        "id no",
        "id",
    ),
    "account": (
        "银行账号",
        "银行帐号",
        "账号",
        "帐号",
        "卡号",
        "银行卡号",
        "收款账号",
        "收款人账号",
        "账户",
        "account",
        "account number",
        "bank account",
    ),
    "amount": ("金额", "发放金额", "代发金额", "交易金额", "实发金额", "amount"),
    "result": (
        "结果",
        "处理结果",
        "交易结果",
        "代发结果",
        "发放结果",
        "状态",
        "交易状态",
        "处理状态",
        "result",
        "status",
    ),
    "reason": ("失败原因", "原因", "错误原因", "错误信息", "失败信息", "reason", "failure reason", "message"),
}
COLUMNS = Columns({}, SYNONYMS)  # 金额(元) is 金额, as in every import
SUCCEEDED = {"成功", "已成功", "success", "succeeded", "successful", "ok", "paid", "s"}
FAILED = {"失败", "failed", "failure", "fail", "error", "rejected", "returned", "f"}
# Rows a bank adds under the payments: our own control total, its 合计 or 总计.
TOTAL_ROWS = {CONTROL_LABEL, "总计", "合计金额", "total"}


class Refused(DomainError):
    """The file was refused and nothing was written: `errors_by_row` says why, row by row
    (each as `RowError.as_dict()`), and `outcome` what the run still looks like."""

    def __init__(self, outcome: "Outcome") -> None:
        self.outcome = outcome
        self.errors_by_row = [e.as_dict() for e in outcome.errors]
        messages = [
            _("Row %(row)s, %(column)s: %(reason)s")
            % {"row": e.row, "column": e.column or "—", "reason": e.reason}
            for e in outcome.errors
        ]
        super().__init__(errors={"file": messages}, code="refused")


@dataclass(frozen=True)
class Reported:
    row: int
    by: str  # "id_number" or "account": how the row names the person
    key: str
    key_column: str  # the header as written, for the error report
    amount_column: str
    amount: Decimal
    paid: bool
    reason: str


@dataclass
class Outcome:
    """What the run looks like after the file (unchanged when it was refused)."""

    run: Run
    file: str
    rows: int
    paid: totals.Figures
    failed: totals.Figures
    outstanding: totals.Figures
    adjustments: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    def __str__(self) -> str:
        return _(
            "Paid: %(paid)s households, %(paid_amount)s yuan; failed: %(failed)s households, "
            "%(failed_amount)s yuan (reissued by the next run); outstanding: %(outstanding)s households."
        ) % {
            "paid": self.paid.households,
            "paid_amount": self.paid.total,
            "failed": self.failed.households,
            "failed_amount": self.failed.total,
            "outstanding": self.outstanding.households,
        }

    def as_dict(self) -> dict[str, Any]:
        def part(figures: totals.Figures) -> dict[str, Any]:
            return {"count": figures.lines, "amount": str(figures.total)}

        return {
            "run": self.run.pk,
            "file": self.file,
            "state": self.run.state,
            "outcome": "refused" if self.errors else "imported",
            "rows": self.rows,
            "paid": part(self.paid),
            "failed": part(self.failed),
            "outstanding": part(self.outstanding),
            "adjustments": self.adjustments,
            "errors": [e.as_dict() for e in self.errors],
        }


def damaged() -> str:
    return _(
        "A spreadsheet has damaged this number: it keeps only 15 digits (2.10204196410257E+17, or "
        "zeros at the end). The file was opened and saved in Excel or WPS; import the file as the "
        "bank sent it."
    )


def _usable(positions: dict[str, int]) -> bool:
    return {"amount", "result"} <= set(positions) and bool({"id_number", "account"} & set(positions))


def is_header(cells: list[str]) -> bool:
    """The row naming the columns a result needs: the bank's header, under its title rows."""
    return _usable(COLUMNS.positions(cells))


def _result(text: str) -> bool | None:
    word = normalise(text)
    if word in FAILED or "失败" in word or "退" in word:  # 退票, 已退回: returned by the bank
        return False
    if word in SUCCEEDED or "成功" in word:
        return True
    return None


def _id_key(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).upper()


def _account_key(text: str) -> str:
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))


def parse(table: reader.Table, filename: str) -> tuple[list[Reported], list[RowError], int]:
    """Rows as results, or every reason they cannot be, and how many rows the file reports;
    checks what the file alone can show."""
    lines = [table.headers, *table.rows]
    # The reader looks for the header among the first rows of the sheet (`is_header`); past them
    # it takes the first row of three cells, which a long title block may still be, so the row
    # naming our columns is looked for among the few after it too.
    start = next((i for i, cells in enumerate(lines[:HEADER_SEARCH_ROWS]) if is_header(cells)), None)
    if start is None:
        needed = _("ID number (or bank account), amount and result")
        reason = _("The file needs the columns: %(columns)s.") % {"columns": needed}
        return [], [RowError(table.first_row - 1, "", filename, reason)], 0
    headers, positions = lines[start], COLUMNS.positions(lines[start])
    first = table.first_row + start  # the spreadsheet's row number of lines[start + 1]
    found: list[Reported] = []
    errors: list[RowError] = []
    rows = 0
    for index, cells in enumerate(lines[start + 1 :]):
        row = first + index

        def cell(key: str, cells: list[str] = cells) -> str:
            return cells[positions[key]].strip() if key in positions else ""

        def error(key: str, reason: str, row: int = row) -> None:
            column = headers[positions[key]] if key in positions else ""
            errors.append(RowError(row, column, cell(key), reason))

        if not any(c.strip() for c in cells) or normalise(cells[0]) in TOTAL_ROWS:
            continue
        rows += 1
        # By ID number where the row has one; by account where it has only that.
        by = (
            "id_number"
            if "id_number" in positions and (cell("id_number") or not cell("account"))
            else "account"
        )
        if not cell(by):
            error(by, _("Neither an ID number nor a bank account: whose payment is this?"))
            continue
        if (start + index, positions[by]) in table.lossy:  # lossy counts from table.rows[0]
            error(
                by, _("Excel kept only 15 digits of this number; save the column as text and export again.")
            )
            continue
        if digits.scientific(cell(by)):
            error(by, damaged())
            continue
        try:
            # Compared with the line's total (to pay): an amount it cannot hold matches no line.
            amount = parse_amount(cell("amount"), column=Line._meta.get_field("total"))
        except DomainError as exc:
            error("amount", str(exc))
            continue
        paid = _result(cell("result"))
        if paid is None:
            error("result", _("The result is 成功 (success) or 失败 (failed)."))
            continue
        key = _id_key(cell(by)) if by == "id_number" else _account_key(cell(by))
        found.append(
            Reported(
                row,
                by,
                key,
                headers[positions[by]],
                headers[positions["amount"]],
                amount,
                paid,
                cell("reason")[:200],
            )
        )
    if not rows:
        errors.append(RowError(first, "", filename, _("The file has no results.")))
    return found, errors, rows


def _lines_named(run: Run, reported: list[Reported]) -> dict[tuple[str, str], list[tuple[Any, ...]]]:
    """(how, key) → the paid lines it names, read in one streamed pass over the run's lines and
    kept only when the file names them: a province's run does not sit in memory."""
    ids = {r.key for r in reported if r.by == "id_number"}
    accounts = {r.key for r in reported if r.by == "account"}
    named: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    rows = paid_lines(run).values_list(
        "id", "household_id", "head_id_number", "bank_account", "total", "result"
    )
    for line in rows.iterator(chunk_size=10_000):
        id_key, account_key = _id_key(line[2]), _account_key(line[3])
        if id_key in ids:
            named.setdefault(("id_number", id_key), []).append(line)
        if account_key in accounts:
            named.setdefault(("account", account_key), []).append(line)
    return named


def match(
    run: Run, reported: list[Reported]
) -> tuple[list[tuple[Reported, tuple[Any, ...]]], list[RowError]]:
    named = _lines_named(run, reported)
    matched: list[tuple[Reported, tuple[Any, ...]]] = []
    errors: list[RowError] = []
    first_row: dict[int, int] = {}  # line id → the row that reported it
    for r in reported:
        lines = named.get((r.by, r.key), [])
        if not lines:
            reason = (
                damaged()
                if digits.cut_short(r.key)  # names nobody and looks cut: cut it was
                else _("Nobody paid in this run has this ID number.")
                if r.by == "id_number"
                else _("Nobody paid in this run has this bank account.")
            )
            errors.append(RowError(r.row, r.key_column, r.key, reason))
            continue
        if len(lines) > 1:
            errors.append(
                RowError(
                    r.row,
                    r.key_column,
                    r.key,
                    _("Several households are paid to this account; use the ID number."),
                )
            )
            continue
        line = lines[0]
        line_id, total, result = line[0], line[4], line[5]
        if line_id in first_row:
            errors.append(
                RowError(
                    r.row,
                    r.key_column,
                    r.key,
                    _("This payment is already reported on row %(row)s.") % {"row": first_row[line_id]},
                )
            )
            continue
        first_row[line_id] = r.row
        if result != LineResult.PENDING:
            errors.append(
                RowError(
                    r.row,
                    r.key_column,
                    r.key,
                    _("This payment already has its result (%(result)s) from an earlier file.")
                    % {"result": LineResult(result).label},
                )
            )
            continue
        if r.amount != total:
            errors.append(
                RowError(
                    r.row,
                    r.amount_column,
                    str(r.amount),
                    _("The run pays %(total)s here, not %(amount)s.") % {"total": total, "amount": r.amount},
                )
            )
            continue
        matched.append((r, line))
    return matched, errors


def _outcome(
    run: Run, filename: str, rows: int, adjustments: int = 0, errors: list[RowError] | None = None
) -> Outcome:
    lines = paid_lines(run)
    return Outcome(
        run=run,
        file=filename,
        rows=rows,
        paid=totals.figures(lines.filter(result=LineResult.PAID)),
        failed=totals.figures(lines.filter(result=LineResult.FAILED)),
        outstanding=totals.figures(lines.filter(result=LineResult.PENDING)),
        adjustments=adjustments,
        errors=errors or [],
    )


def _require_sent(run: Run) -> None:
    if run.state != RunState.EXPORTED:
        raise DomainError(
            _("Results are imported for a run sent to the bank; this run is %(state)s.")
            % {"state": run.get_state_display()},
            code="wrong_state",
        )


def import_results(*, run: Run, filename: str, content: bytes, actor: User | None) -> Outcome:
    """Read the bank's results for `run`: all rows or none (see the module's notes).

    Raises `Refused` (a DomainError) with the report by row and column when anything is wrong.
    """
    services.require_role(actor, run.county, services.APPROVERS)
    _require_sent(run)
    try:
        table = reader.read(filename, content, is_header=is_header)
    except DomainError as exc:
        raise Refused(_outcome(run, filename, 0, errors=[file_refused(filename, exc)])) from None
    reported, errors, rows = parse(table, filename)
    with transaction.atomic():
        locked = Run.objects.select_for_update(of=("self",)).select_related("county").get(pk=run.pk)
        _require_sent(locked)  # another import may have finished it meanwhile
        matched: list[tuple[Reported, tuple[Any, ...]]] = []
        if not errors:
            matched, errors = match(locked, reported)
        if errors:
            raise Refused(_outcome(locked, filename, rows, errors=errors))
        failed = [
            Failure(line_id=line[0], household_id=line[1], amount=line[4], reason=r.reason)
            for r, line in matched
            if not r.paid
        ]
        paid = [line[0] for r, line in matched if r.paid]
        locked = bank_results_record(run=locked, filename=filename, paid=paid, failed=failed, actor=actor)
        outcome = _outcome(locked, filename, rows, len(failed))
    return outcome
