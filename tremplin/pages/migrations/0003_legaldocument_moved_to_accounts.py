"""LegalDocument now belongs to accounts (its 0006 takes it over, 0007 renames the table,
0008 publishes the first versions, which this app's 0002 used to do)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("accounts", "0006_legaldocument"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LegalDocument")],
            database_operations=[],
        ),
    ]
