"""What a higher app answers about a grant it carries (see the architecture's "a lower app offers a
place to register into"): payroll registers here, in its `AppConfig.ready()`, how a grant that sits
on a line of a run still being drafted is taken off it when the grant is cancelled."""

from collections.abc import Callable

from .models import OneOffGrant

# Each is called with the grant (locked, in the cancel's transaction) before it is cancelled; it
# takes the grant off what carries it, or raises DomainError saying why it cannot.
RELEASERS: list[Callable[[OneOffGrant], None]] = []
