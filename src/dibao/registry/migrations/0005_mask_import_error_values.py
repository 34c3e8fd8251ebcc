"""Import error reports kept before ID numbers and accounts were masked in them: mask them now.

A report's column is the header as the file wrote it; the roster's own header words say which
columns held ID numbers or accounts. ID numbers elsewhere in a report (a reason, another column)
are masked by their shape.
"""

from django.db import migrations

from dibao.core import disclosure
from dibao.registry.roster import headers


def _masked(error: dict) -> dict:
    key = headers.key_for(error.get("column", "")) or ""
    value = error.get("value", "")
    shown = disclosure.mask_field(key, value) if isinstance(value, str) else value
    reason = error.get("reason", "")
    return {**error, "value": shown, "reason": disclosure.mask_in_text(reason) if isinstance(reason, str) else reason}


def mask_reports(apps, schema_editor):
    RosterImport = apps.get_model("registry", "RosterImport")
    for record in RosterImport.objects.only("pk", "errors").iterator():
        masked = [_masked(e) if isinstance(e, dict) else e for e in record.errors or []]
        if masked != record.errors:
            RosterImport.objects.filter(pk=record.pk).update(errors=masked)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_income_item"),
    ]

    operations = [
        migrations.RunPython(mask_reports, migrations.RunPython.noop),
    ]
