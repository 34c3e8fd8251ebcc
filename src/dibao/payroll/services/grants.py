"""A one-off grant cancelled while a line of a run carries it (`assistance.paying.RELEASERS`)."""

from django.utils.translation import gettext_lazy as _

from dibao.assistance.models import OneOffGrant
from dibao.core import audit
from dibao.core.errors import DomainError

from .. import totals
from ..models import Line, RunState


def release_grant_line(grant: OneOffGrant) -> None:
    """A draft's line is removed and the run's figures counted again; an approved run's line is
    fixed, so the grant cannot be cancelled until it is recovered through an adjustment."""
    line = Line.objects.select_related("run", "run__county").filter(grant_id=grant.pk).first()
    if line is None:
        return
    run = line.run
    if run.state != RunState.DRAFT:
        raise DomainError(
            _("The grant is on the %(month)s payroll run, which is %(state)s; it can no longer be cancelled.")
            % {"month": f"{run.month:%Y-%m}", "state": run.get_state_display()},
            code="fixed",
        )
    line.delete()
    totals.store(run)
    run.save()
    audit.record(
        actor=None,
        action=audit.Action.UPDATE,
        obj=run,
        area_code=run.county.code,
        after=audit.snapshot(run, ["households", "persons", "total"]),
        note=f"line of grant {grant.pk} removed",
    )
