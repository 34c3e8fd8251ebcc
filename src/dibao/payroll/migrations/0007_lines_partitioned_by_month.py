"""Payroll lines partitioned by month on PostgreSQL (docs/architecture.md, "Tables partitioned by
month"): each line gets its run's month (filled set-based from the runs), the adjustments' two
references to lines lose their database check (a foreign key cannot point into a table whose key
is (id, month)), and the table becomes a partitioned one. SQLite keeps a plain table.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models

from dibao.core.services import partitions


def fill_month(apps, schema_editor):
    schema_editor.execute(
        "UPDATE payroll_line SET month = (SELECT r.month FROM payroll_run r WHERE r.id = payroll_line.run_id)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("payroll", "0006_run_program"),
    ]

    operations = [
        migrations.AlterField(
            model_name="adjustment",
            name="applied_line",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="payroll.line",
            ),
        ),
        migrations.AlterField(
            model_name="adjustment",
            name="source_line",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="payroll.line",
            ),
        ),
        migrations.AddField(
            model_name="line",
            name="month",
            field=models.DateField(default=datetime.date(1900, 1, 1), verbose_name="month"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_month, migrations.RunPython.noop, elidable=False),
        partitions.operation("payroll_line", "month"),
    ]
