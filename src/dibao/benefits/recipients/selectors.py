"""Recipients imports are roster imports (`RosterImport`) of their own kind; read within the
user's area like every other read."""

from typing import Any

from django.db.models import QuerySet

from dibao.accounts.models import User
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator
from dibao.registry.models import RosterImport
from dibao.registry.roster.selectors import visible_imports


def visible_recipient_imports(user: User | Operator) -> QuerySet[RosterImport]:
    return visible_imports(user).filter(kind=RosterImport.Kind.RECIPIENTS)


def recipient_import_get(user: User | Operator, pk: Any) -> RosterImport:
    record = visible_recipient_imports(user).filter(pk=pk).first()
    if record is None:
        raise NotFound()
    return record
