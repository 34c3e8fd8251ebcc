"""A roster import started from the page or the API runs as a job: the request answers at once
and the job's page shows the rows checked, then the import's result page (or its refusal). An
export from the page is a job too: the job's page counts the members written, then offers the file."""

import json

from django.urls import reverse
from django.utils import timezone

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.downloads import download_name
from dibao.core.jobs.files import producing
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job

from ..selectors import HouseholdFilters, household_list
from ..services.access import require_writer
from .exporter import export
from .importer import import_roster

KIND = "roster-import"


def roster_import_start(*, filename: str, content: bytes, area: Area, actor: User, dry_run: bool) -> Job:
    """Queue the import. Role and area are checked now, so a refusal is answered at once; the
    import checks them again when it runs."""
    require_writer(actor, area)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=area.code,
        params={"area": area.code, "dry_run": dry_run},
        upload_name=filename,
        upload=content,
    )


@runner(KIND)
def run_roster_import(job: Job, progress: Progress) -> Finished:
    result = import_roster(
        filename=job.upload_name,
        content=bytes(job.upload or b""),
        area=Area.objects.get(code=job.params["area"]),
        actor=job.actor,
        dry_run=bool(job.params.get("dry_run")),
        progress=progress,
    )
    return Finished(outcome=result.as_dict(), result_url=reverse("roster:result", args=[result.record.pk]))


EXPORT = "roster-export"


def roster_export_start(*, actor: User, area: Area, fmt: str, filters: dict[str, str]) -> Job:
    """Queue the export of the households the list shows for `filters` (q, area, status,
    urban_rural), as xlsx or CSV. The area was found in the user's (404 otherwise) by the caller."""
    return job_start(
        kind=EXPORT,
        actor=actor,
        area_code=area.code,
        params={
            "area": area.code,
            "format": fmt,
            "filters": filters,
            "produces_file": True,
            # Names and ID numbers: each download is in the trail, as the export is.
            "personal_data": True,
        },
    )


@runner(EXPORT)
def run_roster_export(job: Job, progress: Progress) -> Finished:
    """The members written counted, then the export's audit entry and the kept file together."""
    user = job.actor
    filters = HouseholdFilters(**job.params["filters"])
    area = Area.objects.get(code=job.params["area"])
    fmt = job.params["format"]
    name = download_name("家庭名册", area.name, timezone.localdate(), fmt)
    with producing(job) as file:
        count = export(
            household_list(user, filters),
            actor=user,
            area=area,
            fmt=fmt,
            out=file.out,
            description=json.dumps({"page": "export", **filters.__dict__}, ensure_ascii=False),
            progress=progress,
            keep=lambda: file.keep(name),
        )
    return Finished(outcome={"members": count, "format": fmt, "file": name})
