# A roster may now be imported into a street or a county too (each row names its community), so
# the area of the record no longer tells a recipients import from a roster import: a kind does.
# Until now every record against a street or a county was a recipients import.

from django.db import migrations, models


def forwards(apps, schema_editor):
    RosterImport = apps.get_model("registry", "RosterImport")
    RosterImport.objects.exclude(community__level="community").update(kind="recipients")


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("registry", "0005_mask_import_error_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="rosterimport",
            name="kind",
            field=models.CharField(
                choices=[("roster", "Roster"), ("recipients", "Recipients")],
                default="roster",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="rosterimport",
            name="community",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT, related_name="+", to="areas.area", verbose_name="area"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
