"""Roles (DESIGN.md §2) and what each may do. The one place that says who may do what."""

from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNITY = "community", _("Community dibao worker")
    STREET = "street", _("Street officer")
    COUNTY = "county", _("County officer")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class RoleHolder(Protocol):
    """Anyone whose role is asked: `accounts.User` is one, described here rather than imported
    because accounts sits above core; `disclosure.NOBODY` (no user known) has none."""

    @property
    def role(self) -> str | None: ...


# The area level a user of each role belongs to (None: any level).
ROLE_LEVEL: dict[str, str | None] = {
    Role.COMMUNITY: "community",
    Role.STREET: "street",
    Role.COUNTY: "county",
    Role.AUDITOR: None,
    Role.ADMIN: "county",
}

# Who keeps the register of households: the community that registers, and the street and county
# above it that correct it. Auditors read only; admins manage users and areas, not cases.
REGISTRY_WRITERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
# Who may take over a county's households already receiving (`dibao import-recipients`): the
# county, and a street for its own communities. Not a community: a grant is not its decision.
RECIPIENT_IMPORTERS = frozenset({Role.STREET, Role.COUNTY})
# How each of these is applied to a page, an API answer, a printed form or a file: core.disclosure.
# Who works with whole ID numbers in printed forms and work files (the roster export): those who
# register, verify and pay. Pages and API answers mask every ID number for every role.
FULL_ID_ROLES = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
# Who may reveal one person's masked ID number, on a household's page or through the API: each
# reveal is an audit entry. The auditor may, to check a case; an administrator manages users, not
# people, and may not.
ID_REVEALERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
# Who sees bank accounts whole on pages and in API answers: those who pay — the street drafts and
# checks the payroll, the county approves it and sends the bank file. A community worker types an
# account in when registering and afterwards sees its last four digits, like the auditor and the
# administrator; the roster it exports and the forms it prints (both recorded) carry it whole.
FULL_ACCOUNT_ROLES = frozenset({Role.STREET, Role.COUNTY})
AREA_MANAGERS = frozenset({Role.ADMIN})
USER_MANAGERS = frozenset({Role.ADMIN})
AUDIT_READERS = frozenset({Role.AUDITOR, Role.COUNTY, Role.ADMIN})
# Who sets standards and rules, and confirms the recalculation a new standard causes: the county.
POLICY_EDITORS = frozenset({Role.COUNTY})
# Who may look at the policy and run "what if": everyone who decides or checks.
POLICY_READERS = frozenset({Role.COUNTY, Role.STREET, Role.AUDITOR, Role.ADMIN, Role.COMMUNITY})
CALENDAR_EDITORS = frozenset({Role.COUNTY, Role.ADMIN})  # the working-day calendar (workdays)
# Dynamic management: who opens and records reviews and reported changes, and who approves an
# outcome that needs approval (a large raise or lower, a suspension, a termination, a gradual exit).
REVIEW_WORKERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})
REVIEW_APPROVERS = frozenset({Role.STREET, Role.COUNTY})
# Public-welfare labour (公益劳动): who forms groups, schedules sessions, signs people in, records
# exemptions and absences and runs the check that reminds and opens reviews — those who work
# reviews, since the check opens them; and who reads the groups and figures (the auditor too).
LABOUR_WORKERS = REVIEW_WORKERS
LABOUR_READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
# Who may print a household's permanent case file (档案), alone or an area's at once: those who
# keep and decide the cases, and the auditor who checks them (with ID numbers as core.disclosure
# says for a printed form). An administrator manages users, not people's files.
CASEFILE_PRINTERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
# Who may open an annual review (年度核查) for a whole area at once.
CAMPAIGN_OPENERS = frozenset({Role.STREET, Role.COUNTY})
