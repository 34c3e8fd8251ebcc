"""The payroll's bank file (代发文件): one row per household paid in a run. The format — columns,
headers, encoding, control total, xlsx or CSV — is `core.bankfile`'s, shared with the county's
disbursement batches of one-off grants; here are the run's records and the county's saved layout.

Lines are read as plain tuples in chunks and written as they come, with amounts in whole fen (as
`payroll.totals` sums them), so the control total equals the run's total to the fen on SQLite too.

Nothing here writes to the database: saving a county's layout and exporting a run (which marks
it sent, audited) are `payroll.services.bankfiles`.
"""

from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area
from dibao.core import bankfile as bank_format
from dibao.core.bankfile import CONTROL_LABEL, DEFAULT_COLUMNS, FIELDS, clean_layout, media_type, yuan
from dibao.core.downloads import download_name
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import NO_PROGRESS, Progress
from dibao.core.scoping import within_area
from dibao.policy.models import Program

from . import services, totals
from .models import BankLayout, Run
from .roster import program_short_name

CHUNK = 10_000
__all__ = ["CONTROL_LABEL", "DEFAULT_COLUMNS", "FIELDS", "clean_layout", "media_type"]


def layout_for(county: Area) -> BankLayout:
    """The county's layout, or the default one (unsaved): the bank gets a file either way.

    The default is xlsx, which a clerk can open without damage, without a control total record
    (the count and the total are on the run's page and in the command's output)."""
    found = BankLayout.objects.filter(county=county).first()
    if found is not None:
        return found
    return BankLayout(county=county, columns=DEFAULT_COLUMNS)


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
            yuan(fen),
            names.get(community, ""),
            persons,
            note + "含补发" if arrears > 0 else note,
            fen,
        )


def _totals(run: Run, program: str | None) -> tuple[int, int]:
    """The count and total (fen) of what `_records` yields, for a control total written first:
    one aggregate, summed in whole fen as `payroll.totals` sums them."""
    figures = totals.figures(paid_lines(run, program))
    return figures.lines, int(figures.total * 100)


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
    if progress is not NO_PROGRESS:
        progress.start(paid_lines(run, program).count())
    return bank_format.write(out, layout, _records(run, program), lambda: _totals(run, program), progress)


def filename(run: Run, layout: BankLayout, program: str | None = None) -> str:
    """救助资金代发-沙河口区-2026年01月.csv; split by program, or a program's own run,
    高龄津贴代发-沙河口区-2026年01月.csv."""
    program = program or run.program_id
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
