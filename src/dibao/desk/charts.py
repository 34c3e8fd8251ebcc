"""The desk's chart strip for a street or a county: over the last twelve months, the households
paid and the amount (from the approved payroll runs' figures, `payroll.selectors.paid_by_month`),
and the applications received and decided (`cases.selectors.applications_by_month`). Four
queries at most, whatever the size of the area."""

import datetime
from typing import Any

from dibao.cases.selectors import applications_by_month
from dibao.core.months import add_months
from dibao.core.roles import Role
from dibao.payroll.selectors import paid_by_month

MONTHS = 12
CHART_ROLES = frozenset({Role.STREET, Role.COUNTY})


def chart_data(user: Any, today: datetime.date) -> dict[str, Any] | None:
    """The figures of the twelve months up to this one, month by month (None for a role the
    strip is not for). Amounts are strings of yuan to the fen, as everywhere else."""
    if user.role not in CHART_ROLES:
        return None
    last = today.replace(day=1)
    first = add_months(last, -(MONTHS - 1))
    months = [add_months(first, n) for n in range(MONTHS)]
    paid = paid_by_month(user, first, last)
    applications = applications_by_month(user, first, last)
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "households": [paid[m].households if m in paid else 0 for m in months],
        "amounts": [f"{paid[m].total:.2f}" if m in paid else "0.00" for m in months],
        "received": [applications.get(m, (0, 0))[0] for m in months],
        "decided": [applications.get(m, (0, 0))[1] for m in months],
    }


def chart_rows(data: dict[str, Any]) -> list[tuple[str, int, str, int, int]]:
    """The same figures as rows, for the table under the charts."""
    return list(
        zip(
            data["months"],
            data["households"],
            data["amounts"],
            data["received"],
            data["decided"],
            strict=True,
        )
    )
