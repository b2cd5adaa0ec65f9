"""The legal texts' table takes the name of its app (pages_legaldocument becomes
accounts_legaldocument: a rename, no row is copied), and what names the model by its app
follows: its content type (so admin permissions stay attached) and the audit rows about it."""

from django.db import migrations


def relabel(apps, schema_editor, old: str = "pages", new: str = "accounts") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    if not types.filter(app_label=new, model="legaldocument").exists():
        types.filter(app_label=old, model="legaldocument").update(app_label=new)
    AuditEntry.objects.using(db).filter(target_type=f"{old}.legaldocument").update(
        target_type=f"{new}.legaldocument"
    )


def relabel_back(apps, schema_editor) -> None:
    relabel(apps, schema_editor, old="accounts", new="pages")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_legaldocument"),
        ("pages", "0003_legaldocument_moved_to_accounts"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="legaldocument", table=None),
        migrations.RunPython(relabel, relabel_back),
    ]
