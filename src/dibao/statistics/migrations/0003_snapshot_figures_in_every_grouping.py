"""Snapshots written before this migration keep the figures that add up (the amount, the grants,
the flows and their reasons) in the full grouping's rows alone; the code now reads them from each
grouping's own rows. Each kept snapshot gets them the way `snapshots._spread` writes them: summed
from its full grouping's rows into the rows of every other grouping (a row made where a grouping
had no stock). The stock is left as it was; nothing is counted again from the ledger, so a
snapshot that `dibao statistics-check` found in agreement stays so."""

from typing import Any

from django.db import migrations

DIMS = ("program", "urban_rural", "benefit_class", "management_class")
FULL = (1 << len(DIMS)) - 1
KEYS = ("grouping", "community_id", *DIMS, "category")
ADDED = ("fen", "grants", "new", "stopped", "raised", "lowered", "class_changed")
COUNTERS = ("new_by", "stopped_by")


def spread(apps: Any, schema_editor: Any) -> None:
    Snapshot = apps.get_model("statistics", "Snapshot")
    SnapshotRow = apps.get_model("statistics", "SnapshotRow")
    for snapshot_id in Snapshot.objects.values_list("pk", flat=True).order_by("pk"):
        rows = SnapshotRow.objects.filter(snapshot_id=snapshot_id)
        stock = {
            tuple(row[name] for name in KEYS): (row["households"], row["persons"])
            for row in rows.exclude(grouping=FULL).values(*KEYS, "households", "persons")
        }
        found: dict[tuple[Any, ...], dict[str, Any]] = {
            key: {**dict.fromkeys(ADDED, 0), "new_by": {}, "stopped_by": {}} for key in stock
        }
        for row in rows.filter(grouping=FULL).values(*KEYS, *ADDED, *COUNTERS).iterator():
            for grouping in range(FULL):
                key = (
                    grouping,
                    row["community_id"],
                    *(row[name] if grouping >> i & 1 else None for i, name in enumerate(DIMS)),
                    row["category"],
                )
                into = found.setdefault(key, {**dict.fromkeys(ADDED, 0), "new_by": {}, "stopped_by": {}})
                for name in ADDED:
                    into[name] += row[name]
                for name in COUNTERS:
                    for reason, n in (row[name] or {}).items():
                        into[name][reason] = into[name].get(reason, 0) + n
        rows.exclude(grouping=FULL).delete()
        SnapshotRow.objects.bulk_create(
            (
                SnapshotRow(
                    snapshot_id=snapshot_id,
                    **dict(zip(KEYS, key, strict=True)),
                    households=stock.get(key, (0, 0))[0],
                    persons=stock.get(key, (0, 0))[1],
                    **figures,
                )
                for key, figures in found.items()
            ),
            batch_size=2000,
        )
        Snapshot.objects.filter(pk=snapshot_id).update(size=rows.count())


def unspread(apps: Any, schema_editor: Any) -> None:
    """Back to the full grouping's rows alone holding the figures that add up."""
    others = apps.get_model("statistics", "SnapshotRow").objects.exclude(grouping=FULL)
    others.filter(households=0, persons=0).delete()  # a grouping's stock row has a household
    others.update(**dict.fromkeys(ADDED, 0), new_by={}, stopped_by={})
    Snapshot = apps.get_model("statistics", "Snapshot")
    for snapshot in Snapshot.objects.all():
        snapshot.size = snapshot.lines.count()
        snapshot.save(update_fields=["size"])


class Migration(migrations.Migration):
    dependencies = [("statistics", "0002_snapshots")]

    operations = [migrations.RunPython(spread, unspread, elidable=True)]
