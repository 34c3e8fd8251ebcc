"""Load the official holidays and make-up workdays of 2020 to 2026 from data/holidays.csv.

No audit entries: this is the shipped reference data, not someone's write. Later years and
corrections go through services.calendar_day_set, which audits them. Reversing removes only the
dates the file lists, so days entered through the page since are kept.
"""

from django.db import migrations

from dibao.workdays.official import read_official_days


def load(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day.date, kind=day.kind, name=day.name, note=day.note)
        for day in read_official_days()
        if day.date not in existing
    )


def unload(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day.date for day in read_official_days()]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
