import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

BATCH = 2000


def _account(data: dict) -> int | None:
    try:
        return int(data["_auth_user_id"])
    except (KeyError, TypeError, ValueError):
        return None


def copy_open_sessions(apps, schema_editor):
    """The sessions open when this version is installed stay open: each moves to the new
    table with its account (the data is decoded once here, as Django's engine wrote it);
    the old table is emptied, so that no session lingers there until the end of time."""
    from django.contrib.sessions.backends.db import SessionStore

    old_model = apps.get_model("sessions", "Session")
    new_model = apps.get_model("accounts", "UserSession")
    store, batch = SessionStore(), []
    for old in old_model.objects.filter(expire_date__gt=timezone.now()).iterator(BATCH):
        batch.append(
            new_model(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                user_id=_account(store.decode(old.session_data)),
            )
        )
        if len(batch) == BATCH:
            new_model.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    new_model.objects.bulk_create(batch, ignore_conflicts=True)
    old_model.objects.all().delete()


def copy_back(apps, schema_editor):
    old_model = apps.get_model("sessions", "Session")
    new_model = apps.get_model("accounts", "UserSession")
    old_model.objects.bulk_create(
        (
            old_model(
                session_key=s.session_key, session_data=s.session_data, expire_date=s.expire_date
            )
            for s in new_model.objects.filter(expire_date__gt=timezone.now()).iterator(BATCH)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_user_date_joined_index"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="UserSession",
            fields=[
                (
                    "session_key",
                    models.CharField(
                        max_length=40,
                        primary_key=True,
                        serialize=False,
                        verbose_name="session key",
                    ),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                (
                    "expire_date",
                    models.DateTimeField(db_index=True, verbose_name="expire date"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account",
                    ),
                ),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
            },
        ),
        migrations.RunPython(copy_open_sessions, copy_back),
    ]
