"""Every message has its Chinese, the compiled catalogues match the sources, and one message (with
its context) reads the same in every app."""

import gettext
from collections import defaultdict
from pathlib import Path

import polib
import pytest

import dibao

APPS = sorted(
    p.parent.parent.parent for p in Path(dibao.__file__).parent.glob("*/locale/zh_Hans/LC_MESSAGES")
)


def catalogue(app: Path) -> polib.POFile:
    return polib.pofile(str(app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))


def translated(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return " | ".join(text for _, text in sorted(entry.msgstr_plural.items()))
    return entry.msgstr


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_catalogue_is_complete_and_compiled(app):
    source = catalogue(app)
    entries = [e for e in source if not e.obsolete]
    assert entries, "no messages extracted"
    assert [e.msgid for e in entries if e.fuzzy] == []
    assert [e.msgid for e in entries if not translated(e).replace(" | ", "")] == []
    with (app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = [
        (e.msgctxt, e.msgid)
        for e in entries
        if not e.msgid_plural
        and e.msgstr != e.msgid
        and (mo.pgettext(e.msgctxt, e.msgid) if e.msgctxt else mo.gettext(e.msgid)) != e.msgstr
    ]
    assert stale == [], "run `make messages`: django.mo is older than django.po"


def test_one_message_has_one_translation_across_the_apps():
    """Django merges every app's catalogue into one and the first app listed wins, so a message
    translated two ways shows one of them everywhere (the poster's benefit amount once read
    月收入, the registry's word for an income). Messages that mean different things carry a
    context (`pgettext`, `{% translate … context … %}`); the same meaning has the same words."""
    seen: dict[tuple[str, str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app in APPS:
        for entry in catalogue(app):
            if not entry.obsolete:
                key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural)
                seen[key][translated(entry)].append(app.name)
    collisions = {key: dict(texts) for key, texts in seen.items() if len(texts) > 1}
    assert collisions == {}


def test_apps_exist():
    assert {p.name for p in APPS} >= {"core", "registry", "accounts", "areas"}
