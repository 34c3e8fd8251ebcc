"""Every write of public-welfare labour (see `records` and `check`)."""

from .check import CheckResult, labour_check
from .records import (
    absence_record,
    attendance_sign_code,
    attendance_sign_list,
    exemption_add,
    exemption_end,
    group_create,
    group_member_add,
    group_member_leave,
    labour_rule_set,
    sessions_schedule,
)

__all__ = [
    "CheckResult",
    "absence_record",
    "attendance_sign_code",
    "attendance_sign_list",
    "exemption_add",
    "exemption_end",
    "group_create",
    "group_member_add",
    "group_member_leave",
    "labour_check",
    "labour_rule_set",
    "sessions_schedule",
]
