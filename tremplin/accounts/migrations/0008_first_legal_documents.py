from django.db import migrations

from tremplin.accounts.defaults import publish_first_versions


def publish(apps, schema_editor):
    publish_first_versions(apps.get_model("accounts", "LegalDocument"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_legaldocument_table")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
