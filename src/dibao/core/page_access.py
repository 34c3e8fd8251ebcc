"""Who may open a page, and how the domain's refusals become HTTP answers.

Every page view is wrapped in `page(...)`: it sends anonymous visitors to the log-in page, answers
403 to a role the page is not for, and turns `NotFound` into 404 and `Forbidden` into 403. So a
view can call selectors and services without catching their refusals, and something outside the
user's area looks exactly like something that does not exist.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, Protocol, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .errors import Forbidden, NotFound
from .scoping import Place

View = TypeVar("View", bound=Callable[..., Any])


class Staff(Protocol):
    """What a page may rely on in its logged-in user. `accounts.User` is one; it is described here
    rather than imported because accounts sits above core (docs/architecture.md, "Layers")."""

    pk: Any
    username: str
    role: str
    area_id: int | None

    @property
    def area(self) -> Place | None: ...


class StaffRequest(HttpRequest):
    """A request of a logged-in member of staff, which is what `page` lets through."""

    user: Staff  # type: ignore[assignment]  # narrower than HttpRequest's: `page` lets no one else in


def page(*, roles: Iterable[str] | None = None) -> Callable[[View], View]:
    """Decorate a page view: log-in required, `roles` (default: every role) allowed."""
    allowed = frozenset(roles) if roles is not None else None

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: StaffRequest, *args: Any, **kwargs: Any) -> Any:
            user = request.user
            # A user without an area (a bare `createsuperuser`) would see nothing coherent.
            if user.area_id is None or (allowed is not None and user.role not in allowed):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None
            except Forbidden:
                raise PermissionDenied from None

        return cast(View, login_required(guarded))

    return decorate
