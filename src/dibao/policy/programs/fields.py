"""The program a row of another app belongs to (an application, an entitlement, a payroll line…).

The column holds the program's stable code (`to_field="code"`), so a query, an export or a look at
the table reads `dibao` rather than a row id; rows from before programs existed are 低保.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import codes


def program_field(**options: Any) -> "models.ForeignKey[Any, Any]":
    field: models.ForeignKey[Any, Any] = models.ForeignKey(
        "policy.Program",
        **{
            "to_field": "code",
            "on_delete": models.PROTECT,
            "default": codes.DIBAO,
            "related_name": "+",
            "verbose_name": _("program"),
            **options,
        },
    )
    return field
