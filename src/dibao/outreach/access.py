"""Who may open the outreach pages. The services judge every write again (role and area); these
sets only keep pages and buttons away from users the services would refuse."""

from dibao.core.roles import Role

READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
# Who registers people for services and records job referrals: those who keep the register.
WRITERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
# The list of services is the county's: it names them, their steps and who delivers them.
SERVICE_EDITORS = frozenset({Role.COUNTY})
