"""The targeting moves to the shared `Targeted` model (tremplin.moderation.targeting): the
composantes and VETs keep their tables (`offers_offer_composantes`, `offers_offer_vets`)
and rows, only their reverse names change (no SQL). Scoped moderators' approvals of parts
of an offer get their table."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_import_graduated_count"),
        ("offers", "0007_offer_decision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="offer",
            name="composantes",
            field=models.ManyToManyField(
                blank=True,
                related_name="%(class)ss",
                to="directory.composante",
                verbose_name="only these composantes",
            ),
        ),
        migrations.AlterField(
            model_name="offer",
            name="vets",
            field=models.ManyToManyField(
                blank=True,
                related_name="%(class)ss",
                to="directory.vet",
                verbose_name="only these VETs",
            ),
        ),
        migrations.CreateModel(
            name="OfferApproval",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("approved_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "approved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "composante",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.composante",
                    ),
                ),
                (
                    "offer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="approvals",
                        to="offers.offer",
                    ),
                ),
                (
                    "vet",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.vet",
                    ),
                ),
            ],
            options={
                "ordering": ["approved_at", "pk"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("composante__isnull", False), ("vet", None)),
                            models.Q(("composante", None), ("vet__isnull", False)),
                            _connector="OR",
                        ),
                        name="offers_offerapproval_one_part",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("vet", None)),
                        fields=("offer", "composante"),
                        name="offer_approval_composante_unique",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("composante", None)),
                        fields=("offer", "vet"),
                        name="offer_approval_vet_unique",
                    ),
                ],
            },
        ),
    ]
