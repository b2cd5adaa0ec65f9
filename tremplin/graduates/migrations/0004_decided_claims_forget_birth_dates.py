"""Decided claims forget the date of birth: the moderator needed it to decide, nothing
does after. Every claim first gets its `identity_key` (a keyed hash of the last name and
the date), by which later claims of the same person are still found."""

from django.db import migrations

from tremplin.graduates.models import identity_key


def forget_decided_birth_dates(apps, schema_editor):
    claims = apps.get_model("graduates", "GraduateClaim").objects
    for claim in claims.filter(birth_date__isnull=False).only("last_name", "birth_date"):
        claim.identity_key = identity_key(claim.last_name, claim.birth_date)
        claim.save(update_fields=["identity_key"])
    claims.exclude(status="pending").update(birth_date=None)


class Migration(migrations.Migration):
    dependencies = [("graduates", "0003_claim_identity_key_and_nullable_birth_date")]

    operations = [migrations.RunPython(forget_decided_birth_dates, migrations.RunPython.noop)]
