"""E-mailed links become rows holding what they open (the link carries a random token,
the row its hash); a claim no longer keeps the nonce of the link that created it (the
link's row is deleted when it is used).

Links signed before this migration (which carried the person's name, date of birth and
address) stop working: the person registers again.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _link_fields():
    return [
        (
            "id",
            models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        ("token_hash", models.CharField(editable=False, max_length=64, null=True, unique=True)),
        ("created_at", models.DateTimeField(auto_now_add=True)),
        ("expires_at", models.DateTimeField(db_index=True)),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("graduates", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistrationLink",
            fields=[
                *_link_fields(),
                (
                    "route",
                    models.CharField(
                        choices=[
                            ("found", "Found"),
                            ("absent", "Absent"),
                            ("institutional", "Institutional"),
                        ],
                        max_length=16,
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                ("language", models.CharField(default="fr", max_length=8)),
                ("last_name", models.CharField(max_length=150)),
                ("first_name", models.CharField(max_length=150)),
                ("birth_date", models.DateField()),
                (
                    "entry_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), blank=True, default=list, size=None
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="SetPasswordLink",
            fields=[
                *_link_fields(),
                ("password_fingerprint", models.CharField(editable=False, max_length=64)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.RemoveField(model_name="graduateclaim", name="token_nonce"),
    ]
