"""LegalDocument moves from pages to accounts, whose acceptances point at it: in Django's
state only, the table stays where it is (pages_legaldocument, renamed by 0007)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_deletion_warning"),
        ("pages", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LegalDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("mentions-legales", "Legal notice"),
                                    ("cgu", "Terms of use"),
                                    ("charte", "Platform charter"),
                                    ("donnees-personnelles", "Personal data"),
                                    ("accessibilite", "Accessibility"),
                                ],
                                max_length=32,
                                verbose_name="document",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(verbose_name="version")),
                        (
                            "title_fr",
                            models.CharField(max_length=200, verbose_name="title (French)"),
                        ),
                        (
                            "title_en",
                            models.CharField(max_length=200, verbose_name="title (English)"),
                        ),
                        (
                            "body_fr",
                            models.TextField(help_text="Markdown.", verbose_name="text (French)"),
                        ),
                        (
                            "body_en",
                            models.TextField(help_text="Markdown.", verbose_name="text (English)"),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="published on"),
                        ),
                        (
                            "published_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "legal document",
                        "verbose_name_plural": "legal documents",
                        "db_table": "pages_legaldocument",
                        "ordering": ["kind", "-version"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "version"), name="legal_kind_version_unique"
                            )
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="acceptance",
                    name="document",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="acceptances",
                        to="accounts.legaldocument",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
