"""The CV model is a Resume: "profile" now names only the candidate's search profile.
The audit log's past entries follow the model's new name."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


OLD, NEW = "profiles.profile", "profiles.resume"


def rename_audit_targets(apps, schema_editor, old=OLD, new=NEW):
    apps.get_model("audit", "AuditEntry").objects.filter(target_type=old).update(target_type=new)


def restore_audit_targets(apps, schema_editor):
    rename_audit_targets(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("profiles", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("Profile", "Resume"),
        migrations.AlterModelOptions(
            name="resume",
            options={"verbose_name": "CV", "verbose_name_plural": "CVs"},
        ),
        migrations.AlterField(
            model_name="resume",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="resume",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(rename_audit_targets, restore_audit_targets, elidable=True),
    ]
