"""Every message has its Chinese, and the compiled catalogues match the sources."""

import gettext
import re
from pathlib import Path

import pytest

import dibao

APPS = sorted(
    p.parent.parent.parent for p in Path(dibao.__file__).parent.glob("*/locale/zh_Hans/LC_MESSAGES")
)
_ENTRY = re.compile(r'^msgid "(.+)"\n(?:msgid_plural .*\n)?msgstr(?:\[0\])? "(.*)"', re.MULTILINE)


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_catalogue_is_complete_and_compiled(app):
    folder = app / "locale" / "zh_Hans" / "LC_MESSAGES"
    source = (folder / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in source.split("\n\n", 1)[1]
    entries = _ENTRY.findall(source)
    assert entries, "no messages extracted"
    untranslated = [msgid for msgid, msgstr in entries if not msgstr]
    assert untranslated == []
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, msgstr in entries
        if msgstr != msgid and catalogue.gettext(msgid.replace('\\"', '"')) == msgid
    ]
    assert stale == [], "run `make messages`: django.mo is older than django.po"


def test_apps_exist():
    assert {p.name for p in APPS} >= {"core", "registry", "accounts", "areas"}
