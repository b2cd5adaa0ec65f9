"""Faults the platform survives, tried with real servers: an SMTP server that is down, a
worker killed (SIGKILL) in the middle of a registry import and of a mail batch,
PostgreSQL refusing connections and cutting the open ones under load (as a restart does).
The full disk is tried where files are saved (profiles/tests/test_full_disk.py)."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg
import pytest
import requests
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.files import File
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from devcas.testing import free_port
from tremplin import testing
from tremplin.directory.models import RegistryEntry, RegistryImport
from tremplin.directory.services import start_registry_import
from tremplin.lib.mail import Message, email
from tremplin.lib.models import SentMail
from tremplin.lib.tasks import MAIL_RETRY, requeue_stalled_jobs
from tremplin.offers.emails import send_offer_published
from tremplin.offers.models import Offer

ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    params = connection.settings_dict
    return (
        f"postgresql://{params['USER']}@{quote(params['HOST'], safe='')}:{params['PORT']}"
        f"/{params['NAME']}"
    )


def server_environment(**extra: str) -> dict[str, str]:
    """What a process of the platform started by a test is given: the test database."""
    return {
        **os.environ,
        "TREMPLIN_ENV": "development",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@contextmanager
def running(command: list[str], env: dict[str, str]):
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        # Not a pipe nobody reads: a full pipe would stop the process writing its log.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for(condition, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.05)


def worker(queue: str, **extra: str):
    command = [sys.executable, "manage.py", "procrastinate", "worker", "--queues", queue]
    return running(command, server_environment(**extra))


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: no handler runs, the job stays "doing", the worker's heartbeat stops."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def take_up_stalled_jobs() -> list[int]:
    """What the `retry_stalled_jobs` periodic job does every minute, now: the killed
    worker's last heartbeat is older than a second once a second has passed."""
    time.sleep(1.5)
    return async_to_sync(requeue_stalled_jobs)(app.job_manager, seconds_since_heartbeat=1)


class HoldingSmtpServer(testing.SmtpServer):
    """A real SMTP server that, once it has accepted `hold_after` messages, keeps the
    next one waiting (no answer) until told to go on; that one then gets a 451."""

    def __init__(self) -> None:
        super().__init__()
        self.hold_after: int | None = None
        self.held = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.held += 1
            while self.hold_after is not None:
                await asyncio.sleep(0.05)
            return "451 4.3.0 try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp(settings):
    server = HoldingSmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.hold_after = None
    server.stop()


def smtp_environment(server: HoldingSmtpServer) -> dict[str, str]:
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port), "EMAIL_USE_TLS": "false"}


# --- The SMTP server is down while mails are due -----------------------------------------


@email
def note_to(address: str) -> Message:
    return Message(
        "directory/emails/registry_import_finished",
        to=[address],
        language="fr",
        context={
            "item": {"original_name": "x.csv", "status": "done", "total_rows": 1},
            "status": "Imported",
            "url": "/",
        },
    )


def test_mails_due_while_smtp_is_down_are_retried_with_backoff_none_lost_none_twice(
    run_jobs, smtp
):
    addresses = [f"person{n}@exemple.fr" for n in range(5)]
    for address in addresses:
        note_to(address)
    smtp.stop()

    waits = []
    for attempt in (1, 2, 3):
        before = timezone.now()
        run_jobs(queues=["mail"])  # connection refused: each job is scheduled again
        jobs = ProcrastinateJob.objects.filter(task_name="send_email")
        assert {(job.status, job.attempts) for job in jobs} == {("todo", attempt)}
        waits.append(min(job.scheduled_at for job in jobs) - before)
        with connection.cursor() as cursor:  # the retry's time has come
            cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    # Exponential backoff: 2 s, 4 s, 8 s… (MAIL_RETRY), up to about 18 hours in all.
    assert waits[0] < waits[1] < waits[2]
    assert waits[2] >= timedelta(seconds=MAIL_RETRY.exponential_wait**3 - 1)

    smtp.start()
    run_jobs(queues=["mail"])
    run_jobs(queues=["mail"])  # nothing is left to send a second time

    assert sorted(m["To"] for m in smtp.messages) == addresses  # each once, none lost
    assert set(
        ProcrastinateJob.objects.filter(task_name="send_email").values_list("status", flat=True)
    ) == {"succeeded"}


# --- The worker is killed in the middle of a mail batch ----------------------------------


def an_offer_with_recruiters(count: int) -> tuple[Offer, list[str]]:
    organisation = testing.organisation()
    recruiters = [
        testing.recruiter(f"rh{n}@biolab.example", organisation_of=organisation)
        for n in range(count)
    ]
    now = timezone.now()
    offer = Offer.objects.create(
        title="Stage développeur web Python",
        status=Offer.Status.SUBMITTED,
        kind=Offer.Kind.INTERNSHIP,
        organisation=organisation,
        description="<p>Rejoignez notre équipe.</p>",
        city="Clermont-Ferrand",
        postcode="63000",
        departement="63",
        domain=Offer.Domain.IT,
        level=Offer.Level.BAC_5,
        duration_months=6,
        publish_from=now,
        publish_until=now + timedelta(days=30),
        submitted_at=now,
    )
    return offer, sorted(r.email for r in recruiters)


def test_a_mail_batch_cut_by_a_killed_worker_is_taken_up_where_it_stopped(run_jobs, smtp):
    offer, recipients = an_offer_with_recruiters(6)
    send_offer_published(offer)  # one job, six messages over one connection
    smtp.hold_after = 2

    with worker("mail", **smtp_environment(smtp)) as process:
        wait_for(lambda: smtp.held == 1, "the third message of the batch")
        kill(process)
    job = ProcrastinateJob.objects.get(task_name="send_email")
    assert job.status == "doing"  # the dead worker's: nobody would take it up by itself
    delivered_before = sorted(m["To"] for m in smtp.messages)
    assert len(delivered_before) == 2

    assert take_up_stalled_jobs() == [job.id]
    smtp.hold_after = None
    run_jobs(queues=["mail"])

    job.refresh_from_db()
    assert job.status == "succeeded"
    received = sorted(m["To"] for m in smtp.messages)
    # Everyone has the mail once, as after an undisturbed run: the batch is taken up where
    # it stopped (`send_rendered` noted each acceptance), and its notes are gone with it.
    assert received == recipients
    assert not SentMail.objects.exists()


# --- The worker is killed in the middle of a registry import -----------------------------


def registry_rows() -> list[tuple]:
    fields = [
        f.name
        for f in RegistryEntry._meta.concrete_fields
        if f.name not in {"id", "created_at", "updated_at", "imported_at"}
    ]
    return sorted(RegistryEntry.objects.values_list(*fields))


def test_a_registry_import_cut_by_a_killed_worker_ends_as_an_undisturbed_one(
    run_jobs, tmp_path, settings
):
    path = tmp_path / "diplomes.csv"
    call_command("demo_registry_file", str(path), rows=30_000, stderr=io.StringIO())
    with path.open("rb") as file:
        registry_import = start_registry_import(
            File(file, name="diplomes.csv"),
            acting_user=testing.administrator(),
            skip_invalid=True,
            columns="",
            ip_address=None,
        )

    def halfway() -> bool:
        registry_import.refresh_from_db()
        return registry_import.status == "importing" and 0 < registry_import.progress < 80

    with worker("imports") as process:
        wait_for(halfway, "the import's first batches")
        kill(process)
    partial = RegistryEntry.objects.count()
    assert partial > 0
    assert ProcrastinateJob.objects.get(task_name="run_registry_import").status == "doing"

    assert len(take_up_stalled_jobs()) == 1
    run_jobs(queues=["imports"])

    registry_import.refresh_from_db()
    assert registry_import.status == RegistryImport.Status.DONE
    assert registry_import.progress == 100
    recovered = registry_rows()
    assert len(recovered) > partial

    # The same file imported again from nothing, undisturbed, gives the same registry.
    RegistryEntry.objects.all().delete()
    call_command(
        "import_registry",
        str(path),
        "--no-progress",
        "--skip-invalid",
        stdout=io.StringIO(),
    )
    assert registry_rows() == recovered


# --- PostgreSQL restarts under load --------------------------------------------------------


def admin_connection():
    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=params["HOST"],
        port=params["PORT"],
        user=params["USER"],
        autocommit=True,
    )


@contextmanager
def postgresql_down():
    """As during a restart: open connections are cut, new ones refused; then back. The
    test's own connection is spared (pytest-django empties the tables with it after)."""
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()
    own = connection.connection.info.backend_pid
    with admin_connection() as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        try:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [name, own],
            )
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')


class Load(threading.Thread):
    """Visitors asking for a page that reads the database, all the time."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.answers: list[tuple[str, int, str]] = []
        self.phase = "before"
        self.stop = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        while not self.stop.is_set():
            phase, started = self.phase, time.monotonic()
            try:
                response = session.get(self.url, timeout=30)
            except requests.RequestException as error:
                self.answers.append(
                    (phase, 0, f"{error!r} after {time.monotonic() - started:.1f} s")
                )
                continue
            self.answers.append((phase, response.status_code, response.text))


def test_web_processes_survive_a_postgresql_restart_and_answer_503_meanwhile(transactional_db):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "tremplin.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    env = server_environment(DJANGO_DEBUG="false", DATABASE_CONN_MAX_AGE="60")
    with running(command, env) as gunicorn:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(base), "gunicorn")
        workers = {child.pid for child in psutil.Process(gunicorn.pid).children()}
        loads = [Load(f"{base}/cgu/") for _ in range(4)]
        for load in loads:
            load.start()
        time.sleep(1)
        with postgresql_down():
            for load in loads:
                load.phase = "down"
            time.sleep(2)
        for load in loads:
            load.phase = "after"
        time.sleep(2)
        for load in loads:
            load.stop.set()
            load.join()
        after = {child.pid for child in psutil.Process(gunicorn.pid).children()}

    answers = [answer for load in loads for answer in load.answers]
    statuses = {
        phase: {s for p, s, _ in answers if p == phase} for phase in ("before", "down", "after")
    }
    # A phase is the one a request was sent in: one waiting for a busy worker is answered
    # in the next phase.
    assert 200 in statuses["before"]
    assert 503 in statuses["down"]
    assert {status for _, status, _ in answers} <= {200, 503}  # never a 500, nor a timeout
    # Back in service without a restart: the same workers, each reconnected by itself.
    assert after == workers
    last = [answer for answer in answers if answer[0] == "after"][-20:]
    assert {status for _, status, _ in last} == {200}
    unavailable = next(text for _, status, text in answers if status == 503)
    assert "Service indisponible" in unavailable
    assert 'lang="fr"' in unavailable and "</footer>" in unavailable  # the site's layout


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/", timeout=10).status_code == 200
    except requests.RequestException:
        return False
