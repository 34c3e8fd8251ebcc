"""Every write to what households receive: grants, standard changes, stops and resumptions."""

from .allowances import Advanced, allowances_advance
from .care_homes import CareHomeData, care_home_add, care_home_update
from .exclusions import refuse_excluded
from .grants import (
    Grant,
    entitlement_grant,
    entitlements_bulk_grant,
    in_force,
    open_entitlement,
    person_entitlements_bulk_grant,
    receiving_in,
)
from .recalculations import recalculation_confirm, recalculation_discard, recalculation_open, standard_change
from .reviewing import entitlement_set_next_review, entitlements_set_next_review
from .stops import (
    StopTerms,
    entitlement_resume,
    entitlement_stop,
    gradual_exit_start,
    gradual_exits_finish,
    share,
    stop_terms,
)

__all__ = [
    "Advanced",
    "CareHomeData",
    "Grant",
    "StopTerms",
    "allowances_advance",
    "care_home_add",
    "care_home_update",
    "entitlement_grant",
    "entitlement_resume",
    "entitlement_set_next_review",
    "entitlement_stop",
    "entitlements_bulk_grant",
    "entitlements_set_next_review",
    "gradual_exit_start",
    "gradual_exits_finish",
    "in_force",
    "open_entitlement",
    "person_entitlements_bulk_grant",
    "recalculation_confirm",
    "recalculation_discard",
    "recalculation_open",
    "receiving_in",
    "refuse_excluded",
    "share",
    "standard_change",
    "stop_terms",
]
