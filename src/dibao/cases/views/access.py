"""Who may open the application pages. The services judge every write again (role and area), so
these sets only keep pages and buttons away from users the services would refuse."""

from dibao.core.roles import Role

# Those who work on cases, and the auditor who reads them. Administrators manage users and areas,
# not cases (core.roles), so the case file, with its investigations, is not theirs to read.
CASE_READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
CASE_WRITERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
DEADLINE_EXTENDERS = frozenset({Role.STREET, Role.COUNTY})
# The register of staff's close relatives is read by those who decide and check, and kept by the
# county: `close_relative_add` checks the actor's area contains the county, which a street's does not.
RELATIVE_READERS = frozenset({Role.STREET, Role.COUNTY, Role.AUDITOR})
RELATIVE_FILERS = frozenset({Role.COUNTY})
# The county's spot checks of 特困 cases: recorded by the county, its share read by the county and
# the auditor (a county's figure: `selectors.spot_check_share` asks that the user's area holds it).
SPOT_CHECKERS = frozenset({Role.COUNTY})
SPOT_CHECK_READERS = frozenset({Role.COUNTY, Role.AUDITOR})
