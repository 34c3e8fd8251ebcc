"""Benefit changes partitioned by the month they were recorded in, on PostgreSQL
(docs/architecture.md, "Tables partitioned by month"). No foreign key points at them; SQLite keeps a
plain table."""

from django.db import migrations

from dibao.core.services.partitions import partition_table, unpartition_table


def partition(apps, schema_editor):
    partition_table(schema_editor.connection, table="benefits_movement", column="recorded_on")


def unpartition(apps, schema_editor):
    unpartition_table(schema_editor.connection, table="benefits_movement", column="recorded_on")


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0009_flow_indexes"),
    ]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
