"""A source file uploaded on the page is matched by a job: a province's file of deaths or
vehicles has millions of rows, read, loaded and joined for longer than a request may take. The
job's page then links to the import's flags; a malformed file is the job's refusal, naming the
first rows and columns wrong."""

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

from .reading import Refused, check_kind
from .rules import IMPORTERS
from .services import crosscheck_import, require

KIND = "crosscheck"
SHOWN_ERRORS = 20  # in the refusal; the command prints them all


def crosscheck_start(*, county: Area, kind: str, file_name: str, content: bytes, actor: User) -> Job:
    """Queue the import; role and area are checked now (and again when it runs)."""
    check_kind(kind)
    require(actor, county, IMPORTERS)
    return job_start(
        kind=KIND,
        actor=actor,
        area_code=county.code,
        params={"county": county.code, "kind": kind},
        upload_name=file_name,
        upload=content,
        lock_key=f"{KIND}:{county.code}",
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
def run_crosscheck(job: Job, progress: Progress) -> Finished:
    progress.start(1)
    try:
        done = crosscheck_import(
            county=Area.objects.get(code=job.params["county"]),
            kind=job.params["kind"],
            file_name=job.upload_name,
            content=bytes(job.upload or b""),
            actor=job.actor,
        )
    except Refused as refused:
        raise refusal(refused) from None
    progress.advance(1)
    source = done.source
    return Finished(
        outcome={"import": source.pk, "rows": source.rows, "matched": source.matched, "flags": source.flags},
        result_url=f"{reverse('crosschecks:index')}?source={source.pk}",
        message=_("%(rows)d rows: %(matched)d matched, %(flags)d flagged.")
        % {"rows": source.rows, "matched": source.matched, "flags": source.flags},
    )
