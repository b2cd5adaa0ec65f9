"""`manage.py check_install`: what is misconfigured on this installation, in plain words.

Asks each outside system what the platform needs of it: PostgreSQL (reachable, migrated,
its extensions), the CAS server, the SMTP server, the media folder, and whether a worker
runs. Prints one line per check; exits with status 1 if any problem was found (a worker
not seen is a warning only: it may not be started yet).
"""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import requests
from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

EXTENSIONS = ("unaccent", "pg_trgm")
TIMEOUT = 5


class Problem(Exception):
    """A check found something wrong: the message says what, and what to do."""


class Warning_(Exception):
    """Worth knowing, not an error."""


def check_database() -> str:
    where = f"{connection.settings_dict.get('HOST') or 'localhost'}"
    name = connection.settings_dict["NAME"]
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise Problem(
            f"PostgreSQL cannot be reached at {where} (database {name}): "
            f"{str(error).strip().splitlines()[0]}"
        ) from None
    return f"PostgreSQL answers (database {name})"


def check_migrations() -> str:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise Problem(
            f"{len(plan)} migrations are not applied to the database: run manage.py migrate."
        )
    return "the database has every migration"


def check_extensions() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'french'")
        french = cursor.fetchone() is not None
    missing = [name for name in EXTENSIONS if name not in present]
    if missing:
        names = ", ".join(missing)
        raise Problem(
            f"the PostgreSQL extension(s) {names} are missing: the search needs them. As the"
            f" database's owner: {'; '.join(f'CREATE EXTENSION {n}' for n in missing)}"
            " (or run manage.py migrate, which creates them)."
        )
    if not french:
        raise Problem("PostgreSQL has no 'french' text search configuration: the search needs it.")
    return f"PostgreSQL has the extensions {', '.join(EXTENSIONS)} and French text search"


def check_cas() -> str:
    url = settings.CAS_SERVER_URL
    if not url:
        raise Problem("no CAS server is set (CAS_SERVER_URL): students and staff cannot sign in.")
    login = f"{url}login"
    try:
        response = requests.get(login, timeout=TIMEOUT, allow_redirects=False)
    except requests.RequestException as error:
        raise Problem(
            f"the CAS server cannot be reached at {login} ({type(error).__name__}): students and"
            " staff cannot sign in. Check CAS_SERVER_URL, the network and the CAS server."
        ) from None
    if response.status_code >= 500:
        raise Problem(
            f"the CAS server at {login} answers with an error ({response.status_code}):"
            " students and staff cannot sign in."
        )
    return f"the CAS server answers at {login}"


def check_smtp() -> str:
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        return f"mails are not sent by SMTP ({settings.EMAIL_BACKEND}): no SMTP server to check"
    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    mailer = get_connection(timeout=TIMEOUT, fail_silently=False)
    try:
        mailer.open()
    except smtplib.SMTPAuthenticationError:
        raise Problem(
            f"the SMTP server {where} refuses the user and password"
            " (EMAIL_HOST_USER, EMAIL_HOST_PASSWORD): no mail can leave."
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        raise Problem(
            f"the SMTP server {where} refuses the connection or cannot be reached"
            f" ({error.__class__.__name__}: {error}): no mail can leave. Check EMAIL_HOST,"
            " EMAIL_PORT, EMAIL_USE_TLS and EMAIL_USE_SSL."
        ) from None
    finally:
        mailer.close()
    return f"the SMTP server {where} accepts connections"


def check_media() -> str:
    folder = Path(settings.MEDIA_ROOT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".check_install-{uuid.uuid4().hex}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as error:
        raise Problem(
            f"the media folder {folder} (MEDIA_ROOT) is not writable ({error.strerror}):"
            " CVs, proofs and registry files cannot be saved."
        ) from None
    return f"the media folder {folder} is writable"


def check_worker() -> str:
    from procrastinate.contrib.django.models import ProcrastinateWorker

    since = timezone.now() - timedelta(seconds=settings.HEALTH_WORKER_SECONDS)
    if not ProcrastinateWorker.objects.filter(last_heartbeat__gte=since).exists():
        raise Warning_(
            "no worker has been seen in the last minute: mails, imports and periodic jobs"
            " wait until one runs (manage.py procrastinate worker)."
        )
    return "a worker is running"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("database", check_database),
    ("migrations", check_migrations),
    ("extensions", check_extensions),
    ("CAS", check_cas),
    ("SMTP", check_smtp),
    ("media", check_media),
    ("worker", check_worker),
]
NEEDS_DATABASE = {"migrations", "extensions", "worker"}


class Command(BaseCommand):
    help = "Say what is misconfigured (database, CAS, SMTP, media, worker); exit 1 on a problem."

    def handle(self, *args, **options) -> None:
        problems = 0
        database_ok = True
        for name, check in CHECKS:
            if name in NEEDS_DATABASE and not database_ok:
                continue
            try:
                self.stdout.write(f"ok       {check()}")
            except Problem as problem:
                problems += 1
                database_ok = database_ok and name != "database"
                self.stdout.write(self.style.ERROR(f"PROBLEM  {problem}"))
            except Warning_ as warning:
                self.stdout.write(self.style.WARNING(f"warning  {warning}"))
        if problems:
            raise CommandError(f"{problems} problem(s) found: see above.")
        self.stdout.write(self.style.SUCCESS("Everything this command checks is in order."))
