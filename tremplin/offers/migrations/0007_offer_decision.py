"""Offers join the one moderation pattern: `moderated_by` becomes `decided_by`, as on graduate
claims and recruiter registrations, and the date of the decision is kept (`decided_at`).

Existing offers get the date their data holds: a rejected offer its last change, any other
offer ever published its publication.
"""

from django.db import migrations, models
from django.db.models import F


def date_past_decisions(apps, schema_editor):
    offers = apps.get_model("offers", "Offer").objects
    offers.filter(status="rejected").update(decided_at=F("updated_at"))
    offers.exclude(status="rejected").filter(published_at__isnull=False).update(
        decided_at=F("published_at")
    )


class Migration(migrations.Migration):
    dependencies = [("offers", "0006_offerindex_composite_key")]

    operations = [
        migrations.RenameField("offer", "moderated_by", "decided_by"),
        migrations.AddField(
            model_name="offer",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(date_past_decisions, migrations.RunPython.noop, elidable=True),
    ]
