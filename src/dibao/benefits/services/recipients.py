"""What is kept of a recipients import: the register's record of the file (`registry`'s service
writes it, with the audit entry) and beside it what the import granted, in one transaction."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.money import ZERO
from dibao.policy.programs import codes
from dibao.registry.models import RosterImport
from dibao.registry.roster.parse import RowError
from dibao.registry.services.roster import roster_import_record

from ..models import RecipientImportSummary

# The key of the import's audit entry that says what was granted, for whoever reads the trail.
SUMMARY = "recipients"
# The file's layout: one row per member (the register's roster with the benefit columns), or the
# county's payment roster, one row per household (`recipients.payment_roster`).
MEMBERS = "members"
PAYMENT = "payment_roster"
# A person-paid program's list of its recipients, one row per person (`recipients.persons`).
PERSONS = "persons"


@dataclass(frozen=True)
class Summary:
    """What was granted: counts are 0 on a dry run and on a refused file, like the roster's."""

    entitlements: int = 0
    monthly_total: Decimal = ZERO
    # Of the new households, how many the county's policy could assess now (their explanation is
    # stored), how many of those it would not find eligible, and how many it would pay another
    # amount than the roster's. They are paid the roster's amount all the same; a review decides.
    assessed: int = 0
    not_eligible: int = 0
    other_amount: int = 0
    layout: str = MEMBERS
    # A payment roster's households paid for more persons than it registered (their head): their
    # other members are to be registered at the first review (`selectors.households_to_complete`).
    to_complete: int = 0
    # A payment roster without an address column: each household's address is its community's name.
    addresses_from_community: bool = False
    # The program taken over, and of a list of persons how many were members of the register already.
    program: str = codes.DIBAO
    matched: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "entitlements": self.entitlements,
            "monthly_total": str(self.monthly_total),
            "assessed": self.assessed,
            "not_eligible": self.not_eligible,
            "other_amount": self.other_amount,
            "layout": self.layout,
            "to_complete": self.to_complete,
            "addresses_from_community": self.addresses_from_community,
            "program": self.program,
            "matched": self.matched,
        }


def recipient_import_record(
    *,
    actor: User | None,
    area: Area,
    filename: str,
    rows: int,
    dry_run: bool,
    households: int,
    members: int,
    errors: list[RowError],
    note: str,
    summary: Summary,
) -> RosterImport:
    """The file's record (a street or the county as its area: how a recipients import is told
    apart), its audit entry saying what was granted, and the summary of it kept as its own row."""
    with transaction.atomic():
        record = roster_import_record(
            actor=actor,
            area=area,
            filename=filename,
            rows=rows,
            dry_run=dry_run,
            households=households,
            members=members,
            errors=errors,
            note=note,
            extra={SUMMARY: summary.as_dict()},
            kind=RosterImport.Kind.RECIPIENTS,
        )
        RecipientImportSummary.objects.create(
            roster_import=record,
            entitlements=summary.entitlements,
            monthly_total=summary.monthly_total,
            assessed=summary.assessed,
            not_eligible=summary.not_eligible,
            other_amount=summary.other_amount,
        )
    return record
