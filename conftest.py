"""Fixtures shared by every test: personas, jobs, a real SMTP server, the browser."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

# Browser tests drive Playwright (an event loop) and the ORM in the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser_missing() -> list[str]:
    missing = []
    if not CHROMIUM:
        missing.append("Debian's chromium package (apt-get install chromium)")
    if not AXE.exists():
        missing.append("axe-core (npm ci)")
    return missing


def pytest_runtest_setup(item):
    """Without Chromium or axe-core, browser tests are skipped with the reason, except in
    CI, where a skipped browser test would hide a failure: there they fail."""
    if "browser" not in item.keywords:
        return
    missing = _browser_missing()
    if missing:
        reason = "browser test needs " + " and ".join(missing)
        if IN_CI:
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    missing = _browser_missing()
    if missing and not IN_CI:
        terminalreporter.write_line(
            "Browser tests were skipped: they need " + " and ".join(missing) + ".", yellow=True
        )


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": LAUNCH_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args():
    # bypass_csp lets the tests inject axe-core; the pages themselves keep their strict CSP.
    return {"locale": "fr-FR", "viewport": {"width": 1280, "height": 900}, "bypass_csp": True}


@pytest.fixture(autouse=True)
def _database_baseline(request):
    """Every test that uses the database starts with the legal texts a migration publishes
    and no job in the queue (transactional tests empty Django's tables, migrations' rows
    included, but not procrastinate's), and saves its files (CVs, proofs, registry
    uploads) in a folder of its own."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(names) or (
        marker and marker.kwargs.get("transaction")
    ):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    from django.core.cache import cache
    from django.db import connection

    from tremplin.accounts.defaults import publish_first_versions
    from tremplin.accounts.models import LegalDocument

    publish_first_versions(LegalDocument)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers CASCADE")
    cache.clear()  # rate-limit counters and the ENT's health
    request.getfixturevalue("settings").MEDIA_ROOT = request.getfixturevalue("tmp_path") / "media"


@pytest.fixture
def run_jobs(transactional_db):
    """Run the worker until no job is left, as `manage.py procrastinate worker` would."""
    from procrastinate.contrib.django import app

    worker_app = app.with_connector(app.connector.get_worker_connector())

    def run(queues: list[str] | None = None) -> None:
        # In its own thread: Playwright's event loop may be running in this one.
        failures = []

        def work() -> None:
            try:
                worker_app.run_worker(
                    wait=False, install_signal_handlers=False, listen_notify=False, queues=queues
                )
            except BaseException as error:  # re-raised in the test's thread
                failures.append(error)

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        if failures:
            raise failures[0]

    return run


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Worker threads keep their own connections; end them so the test database can be dropped."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def axe():
    """Run axe-core on the page as it is now and return its violations, readably."""

    def run(page, *, context: str = "") -> list[str]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return [
            f"{context or page.url}: {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(
                node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                for node in v["nodes"][:5]
            )
            for v in result["violations"]
        ]

    return run


# The development ENT accepts the test client's host as well as the live server's.
TEST_SERVICES = r"^https?://(127\.0\.0\.1|localhost|testserver)(:[0-9]+)?/.*$"


@pytest.fixture(scope="session")
def ent():
    """A real CAS 3.0 server (django-cas-server) with the demo directory, for the session."""
    from devcas.testing import free_port, run_devcas, throwaway_database

    with (
        throwaway_database("test_tremplin_ent") as database_url,
        run_devcas(
            free_port(), database_url=database_url, service_pattern=TEST_SERVICES
        ) as server,
    ):
        yield server


@pytest.fixture
def cas(ent, settings):
    """The ENT, running, as Tremplin's CAS server for this test."""
    if not ent.running:
        ent.start()
    settings.CAS_SERVER_URL = ent.url
    return ent


@pytest.fixture
def run_jobs_here(db):
    """Run the deferred jobs in this test's own transaction (the worker's connection could
    not see them): for tests that roll back. `run_jobs` runs the real worker."""
    from django.db import connection
    from procrastinate.contrib.django import app
    from procrastinate.contrib.django.models import ProcrastinateJob

    def run() -> int:
        done = 0
        while True:
            jobs = list(ProcrastinateJob.objects.filter(status="todo").order_by("id"))
            if not jobs:
                return done
            for job in jobs:
                app.tasks[job.task_name].func(**job.args)
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s",
                        [job.id],
                    )
                done += 1

    return run


@pytest.fixture
def mails():
    """The mails deferred so far (each is a `send_email` job), oldest first."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from tremplin.testing import Mail

    def read() -> list[Mail]:
        jobs = ProcrastinateJob.objects.filter(task_name="send_email").order_by("id")
        return [Mail(**job.args) for job in jobs]

    return read


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, running, that Django's SMTP backend sends to (pytest-django's
    in-memory outbox is set aside); `.stop()` it to see what happens while it is down."""
    from tremplin.testing import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


@pytest.fixture
def admin(db):
    """Paul, an administrator who has accepted the charter."""
    from tremplin import testing

    return testing.administrator()


@pytest.fixture(autouse=True)
def _no_tutorials_but_the_tests_own(settings, tmp_path):
    """The help pages show the tutorials a test builds, never those `make tutorials` left
    in var/tutorials."""
    settings.TUTORIALS_DIR = tmp_path / "tutorials"
