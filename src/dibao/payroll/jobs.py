"""Drafting a county's month from the page or the API runs as a job: a large county's draft takes
longer than a request may. One draft of a run at a time (the county's month, and the program of an
own run): the job's lock key."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.files import producing
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.core.months import parse_month

from . import bankfile, services
from .models import Run
from .services import bankfiles

KIND = "payroll-draft"


def payroll_draft_start(
    *, county: Area, month: datetime.date, actor: User, again: bool, program: str | None = None
) -> Job:
    """Queue the draft (`again`: the run has a draft already; `program`: that program's own run).
    What would refuse it now is answered now."""
    month = month.replace(day=1)
    program = program or None
    services.run_draft_allowed(county=county, month=month, actor=actor, program=program)
    own = f":{program}" if program else ""
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=county.code,
        params={"county": county.code, "month": f"{month:%Y-%m}", "program": program or "", "again": again},
        lock_key=f"{KIND}:{county.code}:{month:%Y-%m}{own}",
    )


@runner(KIND)
def run_payroll_draft(job: Job, progress: Progress) -> Finished:
    month = parse_month(job.params["month"])
    run = services.run_draft(
        county=Area.objects.get(code=job.params["county"]),
        month=month,
        actor=job.actor,
        program=job.params.get("program") or None,
    )
    if job.params.get("again"):
        text = _("The run for %(month)s was drafted again: %(households)s households, %(total)s yuan.")
    else:
        text = _("The run for %(month)s is drafted: %(households)s households, %(total)s yuan.")
    values = {"month": services.run_name(run), "households": run.households, "total": run.total}
    return Finished(
        outcome={
            "run": run.pk,
            "month": f"{run.month:%Y-%m}",
            "program": run.program_id or "",
            "households": run.households,
            "total": str(run.total),
        },
        result_url=reverse("payroll:run-detail", args=[run.pk]),
        message=text % values,
    )


BANK_FILE = "payroll-bank-file"


def bank_file_export_start(*, run: Run, actor: User, program: str | None = None) -> Job:
    """Queue the run's bank file, of every line or of one program's (`program`). A draft, a role
    that may not export or an unknown program is refused now; one bank file of a run at a time."""
    services.require_fixed(run)
    services.require_role(actor, run.county, services.APPROVERS)
    program = bankfile.program_code(program)
    layout = bankfile.layout_for(run.county)
    return job_start(
        kind=BANK_FILE,
        actor=actor,
        area_code=run.county.code,
        params={
            "run": run.pk,
            "month": f"{run.month:%Y-%m}",
            "program": program or "",
            "produces_file": True,
            # Whole ID numbers and accounts: each download is in the trail, as the export is.
            "personal_data": True,
            "media_type": bankfile.media_type(layout),
        },
        lock_key=f"{BANK_FILE}:{run.pk}",
    )


@runner(BANK_FILE)
def run_bank_file(job: Job, progress: Progress) -> Finished:
    """The file written with its lines counted, then — in one transaction — the run sent to the
    bank, the export audited and the file kept as the job's."""
    run = Run.objects.select_related("county").get(pk=job.params["run"])
    program = job.params.get("program") or None
    layout = bankfile.layout_for(run.county)
    name = bankfile.filename(run, layout, program)  # an own run's name carries its program
    with producing(job) as file:
        count, total = bankfiles.bank_file_export(
            run=run,
            out=file.out,
            actor=job.actor,
            progress=progress,
            keep=lambda: file.keep(name),
            program=program,
        )
    outcome = {"run": run.pk, "program": program or "", "lines": count, "total": str(total), "file": name}
    return Finished(outcome=outcome)
