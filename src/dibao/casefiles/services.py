"""Printing a household's case file: the archive number given the first time and kept, and the
record of every printing (who, when, what it held, pages, SHA-256), audited in its transaction.

One household (`casefile_print`: the page's button, `dibao casefile`): the number is taken (and
kept) in a short transaction, the file bound reading only, and its printing recorded in a second
transaction. An area's batch
(`casefiles_print`: the job, `dibao casefiles`) takes every missing number in one short
transaction, binds the files reading only (its progress written between them), then records every
printing in one transaction with the zip kept, so a failed batch records no printing.
"""

import hashlib
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.jobs.progress import NO_PROGRESS, Progress, counted
from dibao.core.roles import CASEFILE_PRINTERS
from dibao.core.scoping import CONSOLE
from dibao.registry.models import Household
from dibao.registry.selectors import visible_households

from .assembly import Bound, bound_file
from .models import ArchiveNumber, ArchiveSequence, Printing


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    printing: Printing

    @property
    def filename(self) -> str:
        return file_name(self.printing.archive.number, self.printing.household.number)


def file_name(archive_number: str, household_number: str) -> str:
    """档案-210204-2026-00001-21020400000042.pdf: sorts by archive number on a shelf and a disk."""
    return f"档案-{archive_number}-{household_number}.pdf"


def require_printer(actor: User | None) -> None:
    if actor is not None and actor.role not in CASEFILE_PRINTERS:
        raise Forbidden()


def _check_visible(actor: User | None, household_ids: Iterable[int]) -> None:
    """Every household is in the actor's area: one that is not is not found (never a hint)."""
    wanted = set(household_ids)
    seen = set(visible_households(actor or CONSOLE).filter(pk__in=wanted).values_list("pk", flat=True))
    if seen != wanted:
        raise NotFound()


def archive_numbers_assign(*, households: list[Household], actor: User | None) -> dict[int, ArchiveNumber]:
    """The archive number of each household, given now (county, this year, the county's next in
    the year) to those that have none, and kept for ever. Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Archive numbers are taken inside the transaction that prints them.")
    numbers = {a.household_id: a for a in ArchiveNumber.objects.filter(household__in=households)}
    missing = [h for h in households if h.pk not in numbers]
    if not missing:
        return numbers
    year = timezone.localdate().year
    by_county: dict[int, list[Household]] = {}
    for household in missing:
        by_county.setdefault(household.county_id, []).append(household)
    created: list[ArchiveNumber] = []
    for county_id, group in sorted(by_county.items()):
        sequence, _new = ArchiveSequence.objects.select_for_update().get_or_create(
            county_id=county_id, year=year
        )
        county_code = group[0].county.code
        for offset, household in enumerate(sorted(group, key=lambda h: h.number), start=1):
            n = sequence.last + offset
            created.append(
                ArchiveNumber(
                    household=household,
                    county_id=county_id,
                    year=year,
                    sequence=n,
                    number=f"{county_code}-{year}-{n:05d}",
                )
            )
        sequence.last += len(group)
        sequence.save(update_fields=["last"])
    ArchiveNumber.objects.bulk_create(created)
    saved = ArchiveNumber.objects.filter(household__in=missing).select_related("household__community")
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=audit.Action.CREATE,
                obj=number,
                area_code=number.household.community.code,
                household_id=number.household_id,
                after={"archive_number": number.number},
            )
            for number in saved
        ]
    )
    numbers.update({a.household_id: a for a in saved})
    return numbers


def _printer_name(actor: User | None) -> str:
    if actor is None:
        return _("the server's operator")
    return str(actor)


def _next_versions(household_ids: list[int]) -> dict[int, int]:
    counts = dict(
        Printing.objects.filter(household_id__in=household_ids)
        .values("household_id")
        .annotate(n=Count("id"))
        .values_list("household_id", "n")
    )
    return {pk: counts.get(pk, 0) + 1 for pk in household_ids}


def _bind(household: Household, archive: ArchiveNumber, actor: User | None, version: int) -> Bound:
    return bound_file(
        household,
        archive_number=archive.number,
        viewer=actor,
        printed_by=_printer_name(actor),
        version=version,
    )


def _printing(
    household: Household,
    archive: ArchiveNumber,
    bound: Bound,
    actor: User | None,
    version: int,
    job_id: int | None,
) -> Printing:
    return Printing(
        household=household,
        archive=archive,
        community_id=household.community_id,
        version=version,
        printed_by=actor,
        contents=bound.contents,
        pages=bound.pages,
        sha256=hashlib.sha256(bound.pdf).hexdigest(),
        whole_id_numbers=bound.whole_id_numbers,
        batch_job_id=job_id,
    )


def _record(printings: list[tuple[Printing, Bound]], actor: User | None) -> None:
    """The printings and their entries: what was printed, and whose whole numbers it carried."""
    Printing.objects.bulk_create([p for p, _bound in printings])
    saved = {
        (p.household_id, p.version): p
        for p in Printing.objects.filter(
            household_id__in=[p.household_id for p, _b in printings]
        ).select_related("archive", "community")
    }
    entries = []
    for printing, bound in printings:
        row = saved[(printing.household_id, printing.version)]
        area_code = row.community.code
        entries.append(
            audit.entry(
                actor=actor,
                action=audit.Action.CREATE,
                obj=row,
                area_code=area_code,
                household_id=row.household_id,
                after={
                    "printed": "casefile",
                    "archive_number": row.archive.number,
                    "version": row.version,
                    "pages": row.pages,
                    "sha256": row.sha256,
                    "sections": [s["section"] for s in row.contents if s["entries"]],
                },
            )
        )
        if bound.whole_id_numbers:
            entries.append(
                audit.entry(
                    actor=actor,
                    action=audit.Action.REVEAL,
                    obj=row,
                    area_code=area_code,
                    household_id=row.household_id,
                    after={"printed": "casefile", "members": bound.members},
                )
            )
    audit.record_many(entries)


def casefile_print(*, household: Household, actor: User | None) -> Printed:
    """The household's whole file as one PDF, its archive number given the first time, the
    printing recorded. The household was found in the actor's area; it is checked again."""
    require_printer(actor)
    _check_visible(actor, [household.pk])
    # The number is taken and kept in a short transaction of its own, and the file bound outside
    # any: binding takes seconds, and SQLite would hold its one write lock all that time.
    with transaction.atomic():
        archive = archive_numbers_assign(households=[household], actor=actor)[household.pk]
    version = _next_versions([household.pk])[household.pk]
    bound = _bind(household, archive, actor, version)
    try:
        with transaction.atomic():
            _record([(_printing(household, archive, bound, actor, version, None), bound)], actor)
    except IntegrityError:  # the same household printed by someone else at the same moment
        raise DomainError(
            _("The file was printed by someone else at the same moment; print it again."), code="busy"
        ) from None
    printing = Printing.objects.select_related("archive", "household").get(
        household=household, version=version
    )
    return Printed(pdf=bound.pdf, printing=printing)


def casefiles_print(
    *,
    households: list[Household],
    actor: User | None,
    out: IO[bytes],
    progress: Progress = NO_PROGRESS,
    job_id: int | None = None,
    keep: Callable[[], Any] | None = None,
) -> int:
    """A zip of one PDF per household (named by archive number) written to `out`; how many.
    `keep`, if given, is called in the transaction that records the printings (a job's file)."""
    require_printer(actor)
    _check_visible(actor, [h.pk for h in households])
    with transaction.atomic():
        archives = archive_numbers_assign(households=households, actor=actor)
    versions = _next_versions([h.pk for h in households])
    progress.start(len(households))
    printings: list[tuple[Printing, Bound]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive_zip:
        for household in counted(households, progress):
            archive = archives[household.pk]
            bound = _bind(household, archive, actor, versions[household.pk])
            archive_zip.writestr(file_name(archive.number, household.number), bound.pdf)
            printings.append(
                (_printing(household, archive, bound, actor, versions[household.pk], job_id), bound)
            )
            bound.pdf = b""  # in the zip now: an area's files are not all kept in memory
    try:
        with transaction.atomic():
            if printings:
                _record(printings, actor)
            if keep is not None:
                keep()
    except IntegrityError:  # a household of the area printed alone meanwhile
        raise DomainError(
            _("A file of the area was printed by someone else meanwhile; start the batch again."), code="busy"
        ) from None
    return len(printings)
