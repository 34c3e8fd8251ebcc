"""Who may write to a household: a registry role whose area contains the household's community."""

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.errors import Forbidden, NotFound
from dibao.core.roles import REGISTRY_WRITERS


def require_writer(actor: User, community: Area) -> None:
    if actor.area is None or not actor.area.contains(community):
        raise NotFound()
    if actor.role not in REGISTRY_WRITERS:
        raise Forbidden()
