"""Who may open the one-off assistance pages. The services judge every write again (role and area);
these sets only keep pages and buttons away from users the services would refuse."""

from dibao.core.roles import Role

READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
WRITERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
CANCELLERS = frozenset({Role.STREET, Role.COUNTY})
BATCHERS = frozenset({Role.COUNTY})
