"""Every write to an application and its records. Each service checks the actor's role and area,
validates, writes, adds the step to the timeline and leaves its audit entry in one transaction;
on any refusal nothing is written."""

from .appraisal import appraisal_record, panel_member_add
from .common import procedure_for, rules_for
from .deadlines import deadline_extend, due_soon_limit
from .records import investigation_record, material_add, materials_check, objection_resolve, verification_add
from .relatives import close_relative_add
from .spot_checks import spot_check_open, spot_check_record
from .steps import application_create, notice_post, transition

__all__ = [
    "application_create",
    "appraisal_record",
    "close_relative_add",
    "deadline_extend",
    "due_soon_limit",
    "investigation_record",
    "material_add",
    "materials_check",
    "notice_post",
    "objection_resolve",
    "panel_member_add",
    "procedure_for",
    "rules_for",
    "spot_check_open",
    "spot_check_record",
    "transition",
    "verification_add",
]
