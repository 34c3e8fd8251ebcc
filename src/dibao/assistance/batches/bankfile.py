"""A disbursement batch's bank file: one payment per grant, written in the county's bank layout by
the one writer (`core.bankfile`) the payroll run's file is written by. Whom the bank pays is read
as a run's grant line reads it: the household's account and bank, under the name and ID number of
its head (`payroll.services.drafting`'s INSERT … SELECT). Reads only; the export is
`services.batch_bank_file_export`."""

from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, Round

from dibao.areas.models import Area
from dibao.core import bankfile as bank_format
from dibao.core.jobs.progress import NO_PROGRESS, Progress
from dibao.registry.models import Member, Relation

from .. import paying
from ..models import DisbursementBatch, OneOffGrant

CHUNK = 10_000


def layout_for(county: Area) -> bank_format.Layout:
    """The county's layout (the one its payroll files are written in), or the default."""
    return paying.bank_layout(county)


def paid_grants(batch: DisbursementBatch) -> QuerySet[OneOffGrant]:
    """The batch's grants as the bank pays them, in the order of the file and the roster: by
    community, then household. The head's name and ID number and the household's account are
    annotated, read in the same statement."""
    head = Member.objects.filter(household_id=OuterRef("household_id"), relation=Relation.SELF).order_by("id")
    return (
        batch.grants.all()
        .annotate(
            head_name=Coalesce(Subquery(head.values("name")[:1]), F("household__number")),
            head_id_number=Subquery(head.values("id_number")[:1]),
            fen=Cast(Round(F("amount") * 100), IntegerField()),
        )
        .order_by("community__code", "household__number", "id")
    )


def note(batch: DisbursementBatch) -> str:
    """The remark on each payment, as the recipient's bank statement shows it: 2026-03临时救助金."""
    short = batch.program.short_name
    return f"{batch.created_at:%Y-%m}{short}" + ("" if short.endswith(("金", "贴")) else "金")


def _records(batch: DisbursementBatch) -> Iterator[tuple[Any, ...]]:
    """Every grant as a record in `core.bankfile.FIELDS` order with its amount in fen last."""
    remark = note(batch)
    rows = paid_grants(batch).values_list(  # type: ignore[misc]
        "head_name",
        "head_id_number",
        "household__bank_account",
        "household__bank_name",
        "fen",
        "community__name",
    )
    for number, (name, id_number, account, bank, fen, community) in enumerate(
        rows.iterator(chunk_size=CHUNK), start=1
    ):
        yield (number, name, id_number or "", account, bank, bank_format.yuan(fen), community, 1, remark, fen)


def _expected(batch: DisbursementBatch) -> tuple[int, int]:
    """The count and total in fen of the records, in one aggregate."""
    got = batch.grants.aggregate(count=Count("id"), fen=Sum(Cast(Round(F("amount") * 100), IntegerField())))
    return got["count"], got["fen"] or 0


def write_batch_file(
    batch: DisbursementBatch, out: IO[bytes], progress: Progress = NO_PROGRESS
) -> tuple[int, Decimal]:
    """Write the batch's payment file to `out`; returns (payments, total)."""
    layout = layout_for(batch.county)
    if progress is not NO_PROGRESS:
        progress.start(batch.grants.count())
    return bank_format.write(out, layout, _records(batch), lambda: _expected(batch), progress)


def filename(batch: DisbursementBatch) -> str:
    """daifa-210204-temporary-batch3.xlsx: the county, the program and the batch's number."""
    layout = layout_for(batch.county)
    return f"daifa-{batch.county.code}-{batch.program_id}-batch{batch.number}.{layout.file_format}"


def media_type(batch: DisbursementBatch) -> str:
    return bank_format.media_type(layout_for(batch.county))
