"""What else happens when a county's month is paid and when it closes: the apps above payroll
register a callback in their `AppConfig.ready()` (statistics writes the month's snapshot), as
panels are registered (`core.panels`), so payroll imports none of them.

A callback is called with (county, month, actor) once the closing has committed, outside any
transaction; what fails in it is logged and never undoes the closing."""

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

from dibao.areas.models import Area

logger = logging.getLogger(__name__)

OnClose = Callable[[Area, datetime.date, Any], None]
_CALLBACKS: dict[str, OnClose] = {}


def on_close(name: str, callback: OnClose) -> None:
    """Registered by name, so an app made ready twice (tests) replaces rather than repeats."""
    _CALLBACKS[name] = callback


def month_closed(county: Area, month: datetime.date, actor: Any) -> None:
    """Call every callback after the caller's transaction commits."""

    def call() -> None:
        for name, callback in list(_CALLBACKS.items()):
            try:
                callback(county, month, actor)
            except Exception:
                logger.exception("after closing %s %s: %s failed", county.code, month, name)

    transaction.on_commit(call)
