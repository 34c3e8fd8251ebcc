"""An application's entries note the step taken by its name (`submit`, `approve`): the trail
shows the step's label, as the case's timeline does (core.audit_labels)."""

from dibao.core import audit_labels

from .workflow import RECORD_ACTIONS, STEPS

audit_labels.notes("cases.application", {name: step.label for name, step in STEPS.items()})
audit_labels.notes("cases.application", RECORD_ACTIONS)
