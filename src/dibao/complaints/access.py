"""Who may open the complaints pages and do what. The services judge every write again (role,
area, and that nobody handles a complaint about themself); these sets keep pages and buttons away
from users the services would refuse."""

from dibao.core.roles import Role

READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
# Who writes a complaint down as it arrives: whoever picks up the phone or opens the letter.
RECEIVERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
# Who accepts or transfers a complaint, names who handles it and extends its deadline: the street
# and the county, which answer for the handling.
HANDLERS = frozenset({Role.STREET, Role.COUNTY})
# Who may be named to handle one (investigate, find, reply): staff who keep cases, community too.
OWNERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
