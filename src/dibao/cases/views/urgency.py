"""Overdue and due soon: how a deadline is marked on every list and on the case page."""

import datetime

from ..models import OPEN_STATES, Application

OVERDUE, DUE_SOON = "overdue", "due-soon"


def urgency(application: Application, today: datetime.date, soon: datetime.date) -> str:
    """The CSS class of the application's deadline: overdue, due soon, or none."""
    if application.due_on is None or application.state not in OPEN_STATES:
        return ""
    if application.due_on < today:
        return OVERDUE
    if application.due_on <= soon:
        return DUE_SOON
    return ""
