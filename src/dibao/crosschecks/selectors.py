"""Every read of the cross-checks, scoped to the user's area: a community worker sees the flags of
its own community, a street its communities', the county all of them."""

from typing import Any

from django.db.models import QuerySet

from dibao.accounts.models import User
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, covers, prefix_of, within

from .models import Flag, FlagState, SourceImport

Viewer = User | Operator


def visible_flags(user: Viewer) -> QuerySet[Flag]:
    return within(Flag.objects.all(), user).select_related("household", "member", "community", "source")


def flags_filtered(
    user: Viewer, *, state: str = "", kind: str = "", community: str = "", q: str = ""
) -> QuerySet[Flag]:
    flags = visible_flags(user)
    if state:
        flags = flags.filter(state=state)
    if kind:
        flags = flags.filter(kind=kind)
    if community:
        flags = flags.filter(community__code__startswith=community)
    if q:
        flags = flags.filter(household__number__startswith=q.strip()) | flags.filter(
            member__name__startswith=q.strip()
        )
    return flags.order_by("-created_at", "-id")


def flag_get(user: Viewer, pk: Any) -> Flag:
    found = visible_flags(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def open_flags(user: Viewer) -> QuerySet[Flag]:
    return visible_flags(user).filter(state=FlagState.OPEN)


def visible_imports(user: Viewer) -> QuerySet[SourceImport]:
    """The county's imports, for the users of the county (a street or community sees its flags,
    not the county's files)."""
    imports = SourceImport.objects.select_related("county")
    if isinstance(user, Operator):
        return imports
    prefix = prefix_of(user)
    return imports.filter(county__code=prefix) if len(prefix) == 6 else imports.none()


def import_get(user: Viewer, pk: Any) -> SourceImport:
    found = visible_imports(user).filter(pk=pk).first()
    if found is None or not covers(user, found.county.code):
        raise NotFound()
    return found
