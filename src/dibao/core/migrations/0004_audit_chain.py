"""Chain the audit trail: each entry gets a gap-free `seq`, the hash of the entry before it and its
own hash, and the existing entries are chained in id order (their times as they are).

The hashing is copied here, not imported, so this migration keeps doing what it did when it was
written; it is the form docs/architecture.md ("The audit chain") describes.
"""

import datetime
import hashlib
import json

import django.utils.timezone
from django.db import migrations, models

GENESIS = "0" * 64
BATCH = 2000
HASHED_FIELDS = (
    "seq",
    "prev_hash",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "area_code",
    "household_id",
    "before",
    "after",
    "note",
)


def _hash(entry) -> str:
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = values["at"].astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    seq, prev, at, last_id = 0, GENESIS, None, 0
    while True:  # a batch at a time, by id: a large trail is never all in memory
        batch = list(AuditEntry.objects.filter(pk__gt=last_id).order_by("pk")[:BATCH])
        if not batch:
            break
        for entry in batch:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev
            entry.hash = prev = _hash(entry)
            at = entry.at
        AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
        last_id = batch[-1].pk
    AuditChainHead.objects.create(pk=1, seq=seq, hash=prev, at=at)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_job_file"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="time"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="previous hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
                ("at", models.DateTimeField(null=True)),
            ],
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="sequence number"),
        ),
    ]
