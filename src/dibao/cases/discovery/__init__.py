"""Found, not waited for (主动发现): the people the register already shows to qualify for a
categorical program and who hold none of it (应享未享), and those who hold one and no longer
qualify (应退未退).

Each program's test is one set-based query over the members of the area (`rules`), run once per
distinct set of terms the area's communities use (`policy.programs.in_force.terms_across`), so a
county of a million persons is a handful of queries, not a loop per person. A found person is
turned into an application in one step (the application form, prefilled); a person to stop feeds
a review. Lives in `cases` because what is found is measured against the applications already
under way as well as the entitlements held.
"""
