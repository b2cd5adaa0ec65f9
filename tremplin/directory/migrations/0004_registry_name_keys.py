"""The registry lookup starts from the exact date of birth and compares every key of the
last names, with and without their particles (`name_keys`, filled here for the rows
already imported); the indexes on (name key, date) it no longer reads are dropped."""

import django.contrib.postgres.fields
from django.db import migrations, models

from tremplin.lib.text import last_name_keys


def fill_name_keys(apps, schema_editor):
    """Every row's last-name keys, with and without particles, in batches."""
    RegistryEntry = apps.get_model("directory", "RegistryEntry")
    batch = []
    rows = RegistryEntry.objects.only("pk", "birth_name", "usage_name").order_by("pk")
    for entry in rows.iterator(chunk_size=5000):
        keys = list(last_name_keys(entry.birth_name))
        entry.name_keys = keys + [k for k in last_name_keys(entry.usage_name) if k not in keys]
        batch.append(entry)
        if len(batch) == 5000:
            RegistryEntry.objects.bulk_update(batch, ["name_keys"])
            batch = []
    RegistryEntry.objects.bulk_update(batch, ["name_keys"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_import_graduated_count"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="registryentry",
            name="registry_birth_name_idx",
        ),
        migrations.RemoveIndex(
            model_name="registryentry",
            name="registry_usage_name_idx",
        ),
        migrations.AddField(
            model_name="registryentry",
            name="name_keys",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=150),
                default=list,
                editable=False,
                size=None,
            ),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="registryentry",
            index=models.Index(fields=["birth_date"], name="registry_birth_date_idx"),
        ),
    ]
