# The county's disbursement batch becomes a row, and a grant's `paid_batch_id` a foreign key to it.
# Grants that already named a batch id keep it: a batch row is made for each such id, with the
# grants' county and program, their figures, and "sent to the bank" when its grants were.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def batches_for_named_ids(apps, schema_editor):
    Grant = apps.get_model("assistance", "OneOffGrant")
    Batch = apps.get_model("assistance", "DisbursementBatch")
    ids = sorted(set(Grant.objects.exclude(paid_batch_id=None).values_list("paid_batch_id", flat=True)))
    numbers: dict[int, int] = {}
    for batch_id in ids:
        grants = list(Grant.objects.filter(paid_batch_id=batch_id).order_by("id"))
        first = grants[0]
        numbers[first.county_id] = numbers.get(first.county_id, 0) + 1
        sent = [g.exported_at for g in grants if g.state == "paid" and g.exported_at]
        Batch.objects.create(
            id=batch_id,
            county_id=first.county_id,
            program_id=first.program_id,
            number=numbers[first.county_id],
            title=f"批次 {batch_id}",
            state="exported" if sent else "draft",
            households=len({g.household_id for g in grants}),
            persons=len(grants),
            amount=sum((g.amount for g in grants), 0),
            exported_at=max(sent) if sent else None,
        )
    if ids:
        # Rows written with their ids: the sequence must move past them (PostgreSQL).
        statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Batch])
        with schema_editor.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def no_style():
    from django.core.management.color import no_style as style

    return style()


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("assistance", "0005_holiday"),
        ("policy", "0003_programs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DisbursementBatch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(verbose_name="batch number")),
                ("title", models.CharField(max_length=100, verbose_name="title")),
                (
                    "state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("approved", "Approved"), ("exported", "Sent to the bank")],
                        default="draft",
                        max_length=8,
                        verbose_name="state",
                    ),
                ),
                ("households", models.PositiveIntegerField(default=0, verbose_name="households")),
                ("persons", models.PositiveIntegerField(default=0, verbose_name="person-times")),
                (
                    "amount",
                    models.DecimalField(decimal_places=2, default=0, max_digits=16, verbose_name="amount"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("approved_at", models.DateTimeField(blank=True, null=True, verbose_name="approved")),
                ("exported_at", models.DateTimeField(blank=True, null=True, verbose_name="sent to the bank")),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="approved by",
                    ),
                ),
                (
                    "county",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="areas.area",
                        verbose_name="county",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "program",
                    models.ForeignKey(
                        default="temporary",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="policy.program",
                        to_field="code",
                        verbose_name="program",
                    ),
                ),
            ],
            options={
                "verbose_name": "disbursement batch",
                "verbose_name_plural": "disbursement batches",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.RunPython(batches_for_named_ids, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="disbursementbatch",
            constraint=models.UniqueConstraint(fields=("county", "number"), name="disbursement_batch_number"),
        ),
        migrations.RemoveConstraint(model_name="oneoffgrant", name="one_off_grant_paid_once"),
        migrations.RenameField(model_name="oneoffgrant", old_name="paid_batch_id", new_name="paid_batch"),
        migrations.AlterField(
            model_name="oneoffgrant",
            name="paid_batch",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="grants",
                to="assistance.disbursementbatch",
                verbose_name="disbursement batch",
            ),
        ),
        migrations.AddConstraint(
            model_name="oneoffgrant",
            constraint=models.CheckConstraint(
                condition=models.Q(("paid_line_id__isnull", True), ("paid_batch__isnull", True), _connector="OR"),
                name="one_off_grant_paid_once",
            ),
        ),
    ]
