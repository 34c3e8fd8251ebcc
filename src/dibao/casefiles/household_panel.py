"""The case file's panel of a household's page (`core.panels.HOUSEHOLD_PAGE`, registered in
`CasefilesConfig.ready`): its archive number, the last printings, and the button that prints the
whole file."""

from dataclasses import dataclass, field

from dibao.accounts.models import User
from dibao.core.roles import CASEFILE_PRINTERS
from dibao.registry.models import Household

from .models import ArchiveNumber, Printing
from .selectors import archive_number_of, household_printings

SHOWN = 5


@dataclass
class CasefilePanel:
    household: Household
    archive: ArchiveNumber | None
    printings: list[Printing] = field(default_factory=list)
    may_print: bool = False


def casefile_panel(user: User, household: Household, month_text: str | None) -> CasefilePanel:
    return CasefilePanel(
        household=household,
        archive=archive_number_of(user, household),
        printings=list(household_printings(user, household)[:SHOWN]),
        may_print=user.role in CASEFILE_PRINTERS,
    )
