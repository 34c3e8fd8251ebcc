"""Every write of the cross-checks (`flags`), and the set-based matching they run (`matching`)."""

from .flags import (
    CheckResult,
    RuleData,
    check_rule_set,
    crosscheck_import,
    crosscheck_rows,
    flag_dismiss,
    flag_review,
    require,
    review_description,
)

__all__ = [
    "CheckResult",
    "RuleData",
    "check_rule_set",
    "crosscheck_import",
    "crosscheck_rows",
    "flag_dismiss",
    "flag_review",
    "require",
    "review_description",
]
