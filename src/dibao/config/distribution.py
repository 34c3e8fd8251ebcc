"""The large tables, and where each stands on the way to Citus (docs/scaling.md).

Past one machine dibao runs on Citus: every large table is distributed by its county, so a county's
rows live on one node and the queries that matter (a county's payroll, a street's roster, a
household's page) go to that node alone. Citus requires the distribution column in a distributed
table's primary key and in every unique constraint. This is the one list of the large tables, with
the column that holds their county today (None: reached only through another table), and the tables
that already satisfy Citus; `tests/config/test_distribution.py` recomputes both from the models, so
this list cannot drift from what holds, and a table made ready is moved here on purpose.
"""

# A model's label → the field that names its county on the row itself, or None.
LARGE_TABLES: dict[str, str | None] = {
    "registry.Household": "county",
    "registry.Member": None,  # through its household
    "registry.Income": None,  # through its household
    "benefits.Entitlement": None,  # through its household
    "benefits.Movement": None,  # through its community (copied from the household when written)
    "payroll.Line": None,  # through its run
    "core.AuditEntry": None,  # through `area_code`, whose first six digits are the county's code
}

# Tables whose primary key and every unique constraint include the county column. None yet:
# Household has the column and its number is unique within its county, but its key is `id` alone.
CITUS_READY: frozenset[str] = frozenset()

# Small tables every node needs whole (Citus reference tables): joined by every large one.
REFERENCE_TABLES = (
    "areas.Area",
    "policy.Standard",
    "policy.Rules",
    "policy.Program",
    "policy.ProgramRules",
    "policy.ProgramExclusion",
    "accounts.User",
)
