"""A trigram index on the household's address, on PostgreSQL only.

An address is searched for any part of it (`LIKE '%春华街84%'`), which no ordinary index can
answer: without this every search in Chinese read every address of the county. pg_trgm's GIN index
answers a part of three characters or more. The index is not in the model's Meta because SQLite
cannot build it; this migration does nothing there.

Built CONCURRENTLY (so outside a transaction): on a register of a million households it takes
tens of seconds, during which households can still be written.
"""

from django.db import migrations

INDEX = "household_address_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: the database's owner may create it without being superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON registry_household USING gin (address gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: something else may have come to use it.
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("registry", "0010_employment_unregistered"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
