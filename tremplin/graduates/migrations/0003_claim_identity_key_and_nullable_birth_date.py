"""A claim's date of birth may be empty: it is forgotten once the claim is decided. Its
`identity_key` (a keyed hash of the last name and the date) still finds the other
accounts of the same person."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("graduates", "0002_emailed_links")]

    operations = [
        migrations.AddField(
            model_name="graduateclaim",
            name="identity_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="graduateclaim",
            name="birth_date",
            field=models.DateField(blank=True, null=True, verbose_name="date of birth"),
        ),
    ]
