"""Reading the record of roster imports, limited to the user's area like every other read."""

from typing import Any

from django.db.models import QuerySet

from dibao.accounts.models import User
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, within

from ..models import RosterImport


def visible_imports(user: User | Operator) -> QuerySet[RosterImport]:
    return within(RosterImport.objects.all(), user).select_related("community", "actor")


def roster_import_get(user: User | Operator, pk: Any) -> RosterImport:
    record = visible_imports(user).filter(pk=pk).first()
    if record is None:
        raise NotFound()
    return record
