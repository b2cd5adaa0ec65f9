"""Fixtures shared by every test: personas, jobs, a real SMTP server, the browser."""

from __future__ import annotations

import importlib.util
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


def _ldap_missing() -> list[str]:
    """What the LDAP tests (tremplin/accounts/tests/test_ldap.py) need and this machine
    lacks: they start a throwaway slapd with python-ldap's slapdtest, which drives it with
    OpenLDAP's client commands."""
    missing = []
    if not (importlib.util.find_spec("ldap") and importlib.util.find_spec("django_auth_ldap")):
        missing.append(
            "python-ldap (`make test` builds it where gcc and the Python, OpenLDAP and SASL"
            " headers are installed)"
        )
    if not shutil.which("slapd", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"])):
        missing.append("slapd (apt-get install slapd)")
    if not all(shutil.which(c) for c in ("ldapadd", "ldapdelete", "ldapmodify", "ldapwhoami")):
        missing.append("OpenLDAP's commands (apt-get install ldap-utils)")
    return missing


def pytest_terminal_summary(terminalreporter):
    """Say once why whole groups of tests were skipped (pytest does not list skips by
    default). In CI they fail instead, each with its reason."""
    if IN_CI:
        return
    for what, missing in (("Browser", _browser_missing()), ("LDAP", _ldap_missing())):
        if missing:
            terminalreporter.write_line(
                f"{what} tests were skipped: they need " + "; ".join(missing) + ".",
                yellow=True,
            )


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": LAUNCH_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args():
    # The pages keep their strict Content-Security-Policy, as in a visitor's browser.
    return {"locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}


# Every problem the page reports reaches its console as an error, CSP violations included.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
  + ` in ${event.sourceFile || document.URL}:${event.lineNumber}`
));
"""


@pytest.fixture
def browser_problems() -> list[str]:
    """What went wrong in the browser so far: console errors (CSP violations included),
    uncaught exceptions, and resources of a page (stylesheets, scripts, images, htmx
    requests) that failed. A page's own status is the test's to check: a form answered
    with its errors is a 400 on purpose."""
    return []


@pytest.fixture
def page(page, browser_problems):
    """pytest-playwright's page, failing the test on anything in `browser_problems`."""

    def on_console(message) -> None:
        # Chrome also logs every status >= 400 here, the page's own: on_response sorts them.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            where = message.location.get("url", "")
            browser_problems.append(f"console error: {message.text} ({where})")

    def on_response(response) -> None:
        kind = response.request.resource_type
        if response.status >= 400 and kind != "document":
            browser_problems.append(f"{kind} answered {response.status}: {response.url}")

    def on_request_failed(request) -> None:
        # A request cut short by leaving the page (an htmx poll) is no fault of the page.
        if request.resource_type != "document" and "ERR_ABORTED" not in (request.failure or ""):
            browser_problems.append(f"{request.resource_type} failed: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: browser_problems.append(f"uncaught: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    yield page
    assert browser_problems == [], "the browser reported problems"


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
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_periodic_defers, procrastinate_workers"
            " CASCADE"
        )
    cache.clear()  # allauth's rate-limit counts and the ENT's health
    request.getfixturevalue("settings").MEDIA_ROOT = request.getfixturevalue("tmp_path") / "media"


@pytest.fixture
def run_jobs(transactional_db):
    """Run the worker until no job is left, as `manage.py procrastinate worker` would."""
    from procrastinate.contrib.django import app
    from procrastinate.periodic import PeriodicRegistry

    worker_app = app.with_connector(app.connector.get_worker_connector())
    # The jobs the test deferred, not the clock's: a periodic job due in the last minutes
    # would otherwise join the queue, depending on when the test runs.
    worker_app.periodic_registry = PeriodicRegistry()

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
def database_down(django_db_setup, django_db_blocker):
    """PostgreSQL as the web processes see it when it is down: a new connection is refused
    (the database it names does not exist) and the open ones to the test database are cut,
    the live server's included. Everything is put back afterwards."""
    from django.db import connection, connections

    settings_dict = connection.settings_dict  # shared by every thread's connection
    name = settings_dict["NAME"]
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connections.close_all()
        settings_dict["NAME"] = "tremplin_unreachable"
        try:
            yield
        finally:
            settings_dict["NAME"] = name
            connections.close_all()


@pytest.fixture
def axe(browser_problems):
    """Run axe-core on the page as it is now and return its violations, readably, and the
    problems the browser reported so far (a test asserting `axe(page) == []` stops there).

    axe-core is evaluated through the DevTools protocol, which the page's CSP does not
    govern: the page under test keeps its strict policy, no inline script is added."""

    def run(page, *, context: str = "") -> list[str]:
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        violations = [
            f"{context or page.url}: {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(
                node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                for node in v["nodes"][:5]
            )
            for v in result["violations"]
        ]
        reported = list(browser_problems)
        browser_problems.clear()
        return violations + reported

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

    from tremplin.lib.observability import take_request_id

    def run() -> int:
        done = 0
        while True:
            jobs = list(ProcrastinateJob.objects.filter(status="todo").order_by("id"))
            if not jobs:
                return done
            for job in jobs:
                arguments = dict(job.args)
                take_request_id(arguments)  # as the worker does (tremplin.lib.observability)
                app.tasks[job.task_name].func(**arguments)
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s",
                        [job.id],
                    )
                done += 1

    return run


@pytest.fixture
def mails():
    """The mails deferred so far (`send_email` jobs), oldest first, as the worker would
    render them. Each job is rendered once, at the first read after it was deferred: a
    mail's link is made then, as the worker makes it when the mail leaves."""
    from dataclasses import asdict

    from procrastinate.contrib.django.models import ProcrastinateJob

    from tremplin.lib.mail import compose
    from tremplin.testing import Mail

    rendered: dict[int, list[Mail]] = {}

    def read() -> list[Mail]:
        jobs = ProcrastinateJob.objects.filter(task_name="send_email").order_by("id")
        for job in jobs:
            if job.id not in rendered:
                messages = compose(job.args["mail"], job.args["arguments"])
                rendered[job.id] = [Mail(**asdict(message)) for message in messages]
        return [mail for job in jobs for mail in rendered[job.id]]

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
