"""An index of the one- and two-character pieces of the household's address, on PostgreSQL only.

The trigram index (0011) answers a part of an address three characters or longer. A shorter one —
a two-character name such as 王伟, which the search also looks for in addresses, or a road's 丹桂 —
was found by reading every address: at a million households about half a second. This GIN index
holds, for each address, the set of its characters and of its pairs of neighbouring characters
(`registry_address_grams`), so a part of one or two characters is looked up, then checked by LIKE.
SQLite cannot build it; this migration does nothing there. Built CONCURRENTLY, as 0011 is.
"""

from django.db import migrations

INDEX = "household_address_grams"
FUNCTION = """
CREATE OR REPLACE FUNCTION registry_address_grams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr($1, i, n)), '{}')
  FROM generate_series(1, char_length($1)) AS i, (VALUES (1), (2)) AS v(n)
  WHERE i + n - 1 <= char_length($1)
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON registry_household "
        "USING gin (registry_address_grams(address))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS registry_address_grams(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("registry", "0011_household_address_trigram"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
