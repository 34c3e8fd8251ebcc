"""Reading runs and lines, limited to the user's area: a street sees its county's runs but only
its own lines and totals; a community only its own."""

from typing import Any

from django.db.models import QuerySet

from dibao.core.errors import NotFound

from .models import Line, Run


def visible_runs(user: Any) -> QuerySet[Run]:
    return Run.objects.filter(county__code=user.area.code[:6]).select_related("county", "approved_by")


def run_get(user: Any, pk: int) -> Run:
    found = visible_runs(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def visible_lines(user: Any, run: Run) -> QuerySet[Line]:
    return run.lines.filter(community__code__startswith=user.area.scope_prefix).select_related(
        "community", "street", "household"
    )
