from django.db import migrations

from tremplin.pages.defaults import publish_first_versions


def publish(apps, schema_editor):
    publish_first_versions(apps.get_model("pages", "LegalDocument"))


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
