"""The confirmation link becomes a row holding what it opens; the mail carries a random token, the row its hash. Links signed before it stop working: registering again sends a new one."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recruiters", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConfirmationLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token_hash",
                    models.CharField(editable=False, max_length=64, null=True, unique=True),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField(db_index=True)),
                ("email", models.EmailField(max_length=254)),
                (
                    "profile",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="recruiters.recruiterprofile",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
    ]
