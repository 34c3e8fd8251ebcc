"""Who may do what to a review: the roles of core.roles, inside the actor's own area."""

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.errors import Forbidden, NotFound


def require(actor: User | None, area: Area, roles: frozenset[str]) -> None:
    """`actor=None` is the server's operator on the command line, who acts for every area."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(area):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()
