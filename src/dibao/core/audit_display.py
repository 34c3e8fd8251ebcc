"""Reading audit entries: their before/after values as labelled, human-readable changes.

Entries store raw values (choice codes, foreign-key ids) so that they stay true after labels or
rows change; this turns them into what a person reads, in the current language. Foreign keys are
named by one query per kind of object for a whole page of entries. ID numbers and bank accounts in
the trail are masked for every reader (core.disclosure), in values, in lists of members and in
notes: the trail must not become a way round the audited reveal.
"""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from . import disclosure
from .models import AuditEntry

# The row's own primary key is already in the entry (object id): not a change worth a line.
HIDDEN_FIELDS = frozenset({"id"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str | None  # None: the entry has no "before" for this field (a creation)
    after: str | None  # None: no "after" (a deletion)


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    object_label: str  # what kind of thing: 成员, 家庭户 …
    changes: list[FieldChange]
    object_repr: str  # the entry's, masked
    note: str  # the entry's, masked: a note may quote a search for an ID number


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(field: Any, name: str) -> str:
    if field is None:
        return name
    if getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    # A reverse relation, such as the members listed in a household's import entry.
    return str(field.related_model._meta.verbose_name_plural)


def _is_foreign_key(field: Any) -> bool:
    return bool(getattr(field, "many_to_one", False) and getattr(field, "concrete", False))


class _Names:
    """Names of the objects that foreign keys in a page of entries point to."""

    def __init__(self) -> None:
        # By the model and the field the key points to: a program is named by its code, not its id.
        self.wanted: dict[tuple[type[models.Model], str], set[Any]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], Any], str] = {}

    def want(self, field: Any, value: Any) -> None:
        if _is_foreign_key(field) and value is not None:
            self.wanted[(field.related_model, field.target_field.name)].add(value)

    def fetch(self) -> None:
        for (model, target), ids in self.wanted.items():
            for key, obj in model._default_manager.in_bulk(list(ids), field_name=target).items():
                self.found[(model, key)] = str(obj)

    def name(self, field: Any, value: Any) -> str:
        # A row deleted since keeps its id: say which one it was.
        return self.found.get((field.related_model, value), f"#{value}")


def _shown(field: Any, name: str, value: Any, names: _Names) -> str:
    if value is None or value == "":
        return ""
    if name in disclosure.ID_NUMBER_FIELDS | disclosure.ACCOUNT_FIELDS:
        return str(disclosure.mask_field(name, str(value)))
    if _is_foreign_key(field):
        return names.name(field, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        people = [str(item.get("name", "")) for item in value if isinstance(item, dict)]
        shown = "、".join(p for p in people if p)
        return shown or json.dumps(disclosure.masked_values(value), ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(disclosure.masked_values(value), ensure_ascii=False)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    return disclosure.mask_in_text(str(choices.get(value, value)))


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """Entries ready to show, their foreign keys named with one query per kind of object."""
    entries = list(entries)
    names = _Names()
    fields: list[list[tuple[str, Any]]] = []
    for entry in entries:
        model = _model(entry.object_type)
        before, after = entry.before or {}, entry.after or {}
        own = [(n, _field(model, n)) for n in dict.fromkeys([*before, *after]) if n not in HIDDEN_FIELDS]
        for name, field in own:
            for values in (before, after):
                names.want(field, values.get(name))
        fields.append(own)
    names.fetch()
    rows = []
    for entry, own in zip(entries, fields, strict=True):
        before, after = entry.before or {}, entry.after or {}
        model = _model(entry.object_type)
        changes = [
            FieldChange(
                label=_label(field, name),
                before=_shown(field, name, before[name], names) if name in before else None,
                after=_shown(field, name, after[name], names) if name in after else None,
            )
            for name, field in own
        ]
        label = str(model._meta.verbose_name) if model is not None else entry.object_type
        rows.append(
            AuditRow(
                entry=entry,
                object_label=label,
                changes=changes,
                object_repr=disclosure.mask_in_text(entry.object_repr),
                note=disclosure.mask_in_text(entry.note),
            )
        )
    return rows
