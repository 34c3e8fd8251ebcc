"""Reading audit entries: what was done, to whom, and their before/after values as labelled,
human-readable changes, in the current language.

What was done is the action (created, changed …) or, where the entry's note is a key an app has
named (a case's step, a payroll run's approval: `core.audit_labels`), that name. To whom is the
household, by its number and its head's name, else the area the object belongs to, and the
object's own name where it has one (a member, a user). Times are the county's (TIME_ZONE).

Entries store raw values (choice codes, foreign-key ids) so that they stay true after labels or
rows change; this turns them into what a person reads, in the current language. Foreign keys are
named by one query per kind of object for a whole page of entries. ID numbers and bank accounts in
the trail are masked for every reader (core.disclosure), in values, in lists of members and in
notes: the trail must not become a way round the audited reveal.
"""

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit_labels, disclosure
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
    object_repr: str  # the object's own name where it reads as one (a member's), masked; else ""
    note: str  # a person's words (masked: a note may quote a search for an ID number), or ""
    what: str = ""  # what was done: the action, or the step an app named in the note
    household: str = ""  # to whom: the household's number and head
    area: str = ""  # else where: the area's name

    @property
    def at(self) -> Any:
        """The time in the county's time zone (TIME_ZONE), to the second."""
        return timezone.localtime(self.entry.at)

    def changes_text(self) -> str:
        """The changes on one line, for a spreadsheet cell."""
        parts = []
        for change in self.changes:
            if change.before is not None and change.after is not None:
                parts.append(f"{change.label}：{change.before or '—'} → {change.after or '—'}")
            else:
                value = change.after if change.after is not None else change.before
                parts.append(f"{change.label}：{value or '—'}")
        return "；".join(parts)


# An object's own name is shown where it reads as one: these kinds are named by their `str`, and
# any other whose stored name has Chinese in it; "282: 1080.00 from 2026-12" is not shown.
NAMED_KINDS = frozenset({"registry.member", "accounts.user", "areas.area", "policy.program"})
_CJK = re.compile("[\u3400-\u9fff]")


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


def _label(field: Any, name: str, object_type: str = "") -> str:
    if field is None:
        return str(audit_labels.field_label(object_type, name) or name)
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


def _note(entry: AuditEntry, object_type: str) -> tuple[str, str]:
    """(what was done, if the note names it; the note to show, if it is a person's words)."""
    note = entry.note or ""
    step = audit_labels.note_label(object_type, note) if note else None
    if step is not None:  # the kind's own key: what was done
        return str(step), ""
    said = audit_labels.note_label(object_type, note, kinds=("*",)) if note else None
    if said is not None:  # a key any entry may note ("demo data"): said beside what was done
        return "", str(said)
    text = note.strip()
    if text.startswith("{"):
        try:
            values = json.loads(text)
        except ValueError:
            values = None
        if isinstance(values, dict):
            return "", "；".join(
                f"{audit_labels.field_label(object_type, k) or k}：{v}"
                for k, v in disclosure.masked_values(values).items()
                if v not in (None, "") and not audit_labels.is_hidden(object_type, k)
            )
    # A message a service stored in English (its msgid) reads in the current language.
    return "", disclosure.mask_in_text(_(note) if note else "")


def _object_repr(entry: AuditEntry) -> str:
    if entry.object_type == "registry.household":
        return ""  # the household column names it, with its head
    if entry.object_type in NAMED_KINDS or _CJK.search(entry.object_repr or ""):
        return disclosure.mask_in_text(entry.object_repr)
    return ""


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """Entries ready to show, their foreign keys, households and areas named with one query per
    kind of object."""
    entries = list(entries)
    names = _Names()
    fields: list[list[tuple[str, Any]]] = []
    for entry in entries:
        model = _model(entry.object_type)
        before, after = entry.before or {}, entry.after or {}
        own = [
            (n, _field(model, n))
            for n in dict.fromkeys([*before, *after])
            if n not in HIDDEN_FIELDS and not audit_labels.is_hidden(entry.object_type, n)
        ]
        for name, field in own:
            for values in (before, after):
                names.want(field, values.get(name))
        fields.append(own)
    names.fetch()
    households = audit_labels.household_names({e.household_id for e in entries if e.household_id})
    areas = audit_labels.area_names({e.area_code for e in entries if not e.household_id})
    rows = []
    for entry, own in zip(entries, fields, strict=True):
        before, after = entry.before or {}, entry.after or {}
        model = _model(entry.object_type)
        changes = [
            FieldChange(
                label=_label(field, name, entry.object_type),
                before=_shown(field, name, before[name], names) if name in before else None,
                after=_shown(field, name, after[name], names) if name in after else None,
            )
            for name, field in own
        ]
        label = str(model._meta.verbose_name) if model is not None else entry.object_type
        what, note = _note(entry, entry.object_type)
        rows.append(
            AuditRow(
                entry=entry,
                object_label=label,
                changes=changes,
                object_repr=_object_repr(entry),
                note=note,
                what=what or str(entry.get_action_display()),
                household=households.get(entry.household_id, f"#{entry.household_id}")
                if entry.household_id
                else "",
                area=areas.get(entry.area_code, entry.area_code) if not entry.household_id else "",
            )
        )
    return rows
