"""Reads of the case files, limited to the user's area (`core.scoping`, through the register's and
the areas' selectors): the households whose files a user may print, and their printings."""

from django.db.models import QuerySet

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, within, within_area
from dibao.registry.models import Household
from dibao.registry.selectors import household_by_number, visible_households

from .models import ArchiveNumber, Printing


def household_for_print(user: User | Operator, number: str, county: str = "") -> Household:
    """The household with this number in the user's area (NotFound otherwise). The operator, whom
    no area limits, names the county where a number is in more than one."""
    if county:
        households = visible_households(user).filter(number=number.strip(), county__code=county.strip())
        household = households.select_related("community", "county").first()
        if household is None:
            raise NotFound()
        return household
    return household_by_number(user, number)


def area_households(user: User | Operator, code: str) -> tuple[Area, QuerySet[Household]]:
    """The area (one the user may see: NotFound otherwise) and its households, by number."""
    area = area_for(user, code)
    households = within_area(visible_households(user), area).select_related("community", "county")
    return area, households.order_by("number")


def archive_number_of(user: User | Operator, household: Household) -> ArchiveNumber | None:
    return within(
        ArchiveNumber.objects.filter(household=household), user, "household__community__code"
    ).first()


def household_printings(user: User | Operator, household: Household) -> QuerySet[Printing]:
    return within(Printing.objects.filter(household=household), user).select_related("printed_by", "archive")
