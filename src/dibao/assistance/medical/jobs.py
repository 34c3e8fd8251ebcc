"""A settlement file uploaded on the page or the API is imported by a job: ten thousand rows read,
checked and reconciled take longer than a request may. The job's page then shows the import's
result page; a malformed file is the job's refusal, naming the first rows and columns wrong."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.disclosure import mask_in_text
from dibao.core.errors import DomainError
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.runners import Finished, runner
from dibao.core.jobs.services import job_start
from dibao.core.models import Job
from dibao.core.roles import Role

from .services import require
from .settlement import Refused, import_settlement

KIND = "settlement-import"
SHOWN_ERRORS = 20  # in the refusal; the command prints them all


def settlement_import_start(
    *, county: Area, month: datetime.date, file_name: str, content: bytes, actor: User
) -> Job:
    """Queue the import; role and area are checked now (and again when it runs)."""
    require(actor, county, frozenset({Role.COUNTY}))
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=county.code,
        params={"county": county.code, "month": f"{month:%Y-%m}"},
        upload_name=file_name,
        upload=content,
    )


def refusal(refused: Refused) -> DomainError:
    lines = [
        _("Row %(row)s, %(column)s: %(reason)s")
        % {"row": e.row, "column": e.column or "—", "reason": mask_in_text(str(e.reason))}
        for e in refused.errors[:SHOWN_ERRORS]
    ]
    more = len(refused.errors) - len(lines)
    head = _("The file was refused and nothing was imported; errors: %(n)d.") % {"n": len(refused.errors)}
    tail = [_("… and %(n)d more.") % {"n": more}] if more > 0 else []
    return DomainError(" ".join([head, *lines, *tail]))


@runner(KIND)
def run_settlement_import(job: Job, progress: Progress) -> Finished:
    progress.start(1)
    county = Area.objects.get(code=job.params["county"])
    month = datetime.date.fromisoformat(job.params["month"] + "-01")
    try:
        record = import_settlement(
            county=county,
            month=month,
            file_name=job.upload_name,
            content=bytes(job.upload or b""),
            actor=job.actor,
        )
    except Refused as refused:
        raise refusal(refused) from None
    progress.advance(1)
    return Finished(
        outcome={
            "settlement": record.pk,
            "rows": record.rows,
            "matched": record.matched,
            "matched_total": f"{record.matched_total:.2f}",
            "disputed": record.disputed,
            "disputed_total": f"{record.disputed_total:.2f}",
        },
        result_url=reverse("assistance:medical-settlement", args=[record.pk]),
        message=_("%(rows)d rows: %(matched)d matched, %(disputed)d disputed.")
        % {"rows": record.rows, "matched": record.matched, "disputed": record.disputed},
    )
