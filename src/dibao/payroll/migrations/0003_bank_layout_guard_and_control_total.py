# A layout's control total moves from a yes/no "last row" to none/header/footer; CSV layouts get a
# guard for their digits. A layout a county already saved keeps what its bank receives: a total at
# the end where it had one, and bare digits (its bank's program reads them today).

from django.db import migrations, models


def forwards(apps, schema_editor):
    BankLayout = apps.get_model("payroll", "BankLayout")
    BankLayout.objects.filter(control_total_row=True).update(control_total="footer")
    BankLayout.objects.update(digit_guard="none")


def backwards(apps, schema_editor):
    BankLayout = apps.get_model("payroll", "BankLayout")
    BankLayout.objects.exclude(control_total="none").update(control_total_row=True)
    BankLayout.objects.filter(control_total="none").update(control_total_row=False)


class Migration(migrations.Migration):
    dependencies = [
        ("payroll", "0002_fewer_checked_references"),
    ]

    operations = [
        migrations.AddField(
            model_name="banklayout",
            name="control_total",
            field=models.CharField(
                choices=[
                    ("none", "none"),
                    ("header", "first, before the column headers"),
                    ("footer", "last, after the payments"),
                ],
                default="none",
                max_length=6,
                verbose_name="control total",
            ),
        ),
        migrations.AddField(
            model_name="banklayout",
            name="digit_guard",
            field=models.CharField(
                choices=[
                    ("formula", '="…" (Excel, WPS and LibreOffice show the digits as text)'),
                    ("tab", "a tab before the digits (kept as text; a program that trims spaces ignores it)"),
                    ("none", "none: bare digits (only for a program; a spreadsheet damages them)"),
                ],
                default="tab",
                max_length=7,
                verbose_name="digits in a CSV",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="banklayout",
            name="control_total_row",
        ),
        migrations.AlterField(
            model_name="banklayout",
            name="file_format",
            field=models.CharField(
                choices=[("csv", "CSV"), ("xlsx", "xlsx")], default="xlsx", max_length=4, verbose_name="format"
            ),
        ),
    ]
