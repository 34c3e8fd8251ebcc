"""Every write to the register. Each service checks the actor's role and area, validates, writes
and leaves its audit entry in one transaction; it raises `DomainError` and writes nothing when
anything is wrong."""

from .care import care_assessment_add, care_assessment_delete
from .categories import household_category_create, household_category_delete, household_category_rename
from .households import (
    household_create,
    household_set_status,
    household_status_record,
    household_update,
    households_status_record_many,
)
from .means import asset_add, asset_delete, asset_update, income_add, income_delete, income_update
from .members import id_number_reveal, member_add, member_remove, member_update
from .numbers import take_household_numbers
from .spending import rigid_spending_add, rigid_spending_delete, rigid_spending_update
from .supporters import supporter_add, supporter_delete, supporter_update

__all__ = [
    "asset_add",
    "asset_delete",
    "asset_update",
    "care_assessment_add",
    "care_assessment_delete",
    "household_category_create",
    "household_category_delete",
    "household_category_rename",
    "household_create",
    "household_set_status",
    "household_status_record",
    "household_update",
    "households_status_record_many",
    "id_number_reveal",
    "income_add",
    "income_delete",
    "income_update",
    "member_add",
    "member_remove",
    "member_update",
    "rigid_spending_add",
    "rigid_spending_delete",
    "rigid_spending_update",
    "supporter_add",
    "supporter_delete",
    "supporter_update",
    "take_household_numbers",
]
