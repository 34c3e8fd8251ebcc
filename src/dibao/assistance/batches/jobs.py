"""A batch's bank file from the page or the API is written by a job, as a payroll run's is: the
file is written to a spooled temporary file, then kept as the job's in the transaction that marks
the batch sent and its grants paid. One bank file of a batch at a time: the job's lock key."""

from dibao.accounts.models import User
from dibao.core.jobs.files import producing
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job

from ..models import DisbursementBatch
from ..services.grants import require_area
from . import bankfile
from .services import BATCHERS, batch_bank_file_export, require_approved

BANK_FILE = "assistance-batch-bank-file"


def batch_bank_file_start(*, batch: DisbursementBatch, actor: User) -> Job:
    """Queue the batch's bank file; a batch not approved, or a role that may not send it, is
    refused now."""
    require_area(actor, batch.county, BATCHERS)
    require_approved(batch)
    return job_start(
        kind=BANK_FILE,
        actor=actor,
        area_code=batch.county.code,
        params={
            "batch": batch.pk,
            "produces_file": True,
            # Whole ID numbers and accounts: each download is in the trail, as the export is.
            "personal_data": True,
            "media_type": bankfile.media_type(batch),
        },
        lock_key=f"{BANK_FILE}:{batch.pk}",
    )


@runner(BANK_FILE)
def run_batch_bank_file(job: Job, progress: Progress) -> Finished:
    batch = DisbursementBatch.objects.select_related("county", "program").get(pk=job.params["batch"])
    name = bankfile.filename(batch)
    with producing(job) as file:
        count, total = batch_bank_file_export(
            batch=batch, out=file.out, actor=job.actor, progress=progress, keep=lambda: file.keep(name)
        )
    return Finished(outcome={"batch": batch.pk, "lines": count, "total": str(total), "file": name})
