"""A recruiter's registration and membership is a Recruiter: "profile" names the search
profile only. The audit log's past entries follow the model's new name."""

from django.db import migrations

OLD, NEW = "recruiters.recruiterprofile", "recruiters.recruiter"


def rename_audit_targets(apps, schema_editor, old=OLD, new=NEW):
    apps.get_model("audit", "AuditEntry").objects.filter(target_type=old).update(target_type=new)


def restore_audit_targets(apps, schema_editor):
    rename_audit_targets(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("recruiters", "0003_join_requests"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("RecruiterProfile", "Recruiter"),
        migrations.RenameField("confirmationlink", "profile", "recruiter"),
        migrations.RenameField("joinrequest", "profile", "recruiter"),
        migrations.RunPython(rename_audit_targets, restore_audit_targets, elidable=True),
    ]
