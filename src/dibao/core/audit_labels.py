"""What the apps tell the audit trail about their own entries, so that it reads as words.

Entries keep what services wrote: some notes are a key rather than a sentence (a case's step
`submit`, a payroll run's `approve`, `bank file`), some values sit under keys that are no field of
the model (a bank results import's `paid` and `failed`), and an entry names its household by id.
Core knows none of the apps above it, so each app says what its keys mean in a module named
`audit_labels` (found by `autodiscover_modules`, as Django's admin finds `admin` modules; nothing
in `apps.py`):

- `notes(object_type, {key: label})`: a note that is a key, shown as its label. A key may hold
  `#` for any number (`check #` is `check 210204001000`, the street's code).
- `fields(object_type, {key: label})`, or `fields("*", …)` for every kind: a value's key that is
  no field of the model.
- `households(namer)`: `namer(ids)` answers `{id: "number 户主"}` for a page of entries, in one
  query; `households_found(finder)`: `finder(number=…, person=…)` the ids of the households a
  filter names, as a subquery.
- `areas(namer)`: `namer(codes)` answers `{code: name}` for entries with no household.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.module_loading import autodiscover_modules

WILD = re.compile(r"\d+")

_notes: dict[str, dict[str, Any]] = {}
_fields: dict[str, dict[str, Any]] = {}
_namers: dict[str, Callable[..., Any]] = {}
_discovered = False


def notes(object_type: str, labels: Mapping[str, Any]) -> None:
    _notes.setdefault(object_type, {}).update(labels)


def fields(object_type: str, labels: Mapping[str, Any]) -> None:
    _fields.setdefault(object_type, {}).update(labels)


def households(namer: Callable[[Iterable[int]], dict[int, str]]) -> None:
    _namers["households"] = namer


def households_found(finder: Callable[..., QuerySet[Any]]) -> None:
    _namers["households_found"] = finder


def areas(namer: Callable[[Iterable[str]], dict[str, str]]) -> None:
    _namers["areas"] = namer


def discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("audit_labels")


def note_label(object_type: str, note: str, *, kinds: tuple[str, ...] | None = None) -> Any | None:
    """The label of a note that is a key of the object's kind (or of `kinds`: "*" for the notes
    of every kind), or None for a person's words."""
    discover()
    labels: dict[str, Any] = {}
    for kind in kinds if kinds is not None else (object_type,):
        labels.update(_notes.get(kind, {}))
    text = note.strip()
    return labels.get(text) or labels.get(WILD.sub("#", text))


def field_label(object_type: str, key: str) -> Any | None:
    discover()
    return _fields.get(object_type, {}).get(key) or _fields.get("*", {}).get(key)


def household_names(ids: Iterable[int]) -> dict[int, str]:
    discover()
    namer = _namers.get("households")
    return namer(ids) if namer and ids else {}


def area_names(codes: Iterable[str]) -> dict[str, str]:
    discover()
    namer = _namers.get("areas")
    return namer(codes) if namer and codes else {}


def households_named(*, number: str = "", person: str = "") -> QuerySet[Any] | None:
    """The ids of the households a filter names (a subquery), or None when no app can tell."""
    discover()
    finder = _namers.get("households_found")
    return finder(number=number, person=person) if finder else None


_hidden: dict[str, set[str]] = {}


def hidden(object_type: str, keys: Iterable[str]) -> None:
    """Keys of an entry's values that are bookkeeping, not something a reader needs."""
    _hidden.setdefault(object_type, set()).update(keys)


def is_hidden(object_type: str, key: str) -> bool:
    discover()
    return key in _hidden.get(object_type, set()) or key in _hidden.get("*", set())


# Keys many services write beside a model's own fields, and core's own (a job's parameters).
def _core_labels() -> None:
    from django.utils.translation import gettext_lazy as _
    from django.utils.translation import pgettext_lazy

    fields(
        "*",
        {
            "file": _("file"),
            "rows": pgettext_lazy("audit", "rows"),
            "members": _("members"),
            "kind": _("kind"),
            "format": pgettext_lazy("audit", "format"),
            "lines": pgettext_lazy("audit", "lines"),
            "paid": pgettext_lazy("audit", "paid"),
            "failed": pgettext_lazy("audit", "failed"),
            "outstanding": pgettext_lazy("audit", "not yet answered"),
            "printed": pgettext_lazy("audit", "form printed"),
            "program": pgettext_lazy("audit", "program"),
            "reason": pgettext_lazy("audit", "reason"),
            "month": pgettext_lazy("audit", "month"),
            "month_from": pgettext_lazy("audit", "from month"),
            "month_to": pgettext_lazy("audit", "to month"),
            "amount": pgettext_lazy("audit", "amount"),
            "full_id_numbers": pgettext_lazy("audit", "whole ID numbers"),
            "reviews": pgettext_lazy("audit", "reviews"),
            "entitlements": pgettext_lazy("audit", "entitlements"),
            "stop_reason": pgettext_lazy("audit", "reason for stopping"),
            "outcome": pgettext_lazy("audit", "outcome"),
            "area": pgettext_lazy("audit", "area"),
            "from": pgettext_lazy("audit", "from"),
            "to": pgettext_lazy("audit", "to"),
            "year": pgettext_lazy("audit", "year"),
            "due_on": pgettext_lazy("audit", "due on"),
            "campaign": pgettext_lazy("audit", "campaign"),
            "criteria": pgettext_lazy("audit", "criteria"),
            "items": pgettext_lazy("audit", "items"),
            "filters": pgettext_lazy("audit", "filters"),
            "name": pgettext_lazy("audit", "name"),
            "held_on": pgettext_lazy("audit", "held on"),
        },
    )
    hidden("*", {"produces_file", "personal_data", "language", "media_type", "lock_key"})
    notes("core.job", {"job file downloaded": _("The job's file was downloaded")})


_core_labels()
