"""Start the development ENT from a test-suite, in its own processes.

    with throwaway_database("test_tremplin_devcas") as database_url, \\
            run_devcas(free_port(), database_url=database_url) as cas:
        cas            # "http://127.0.0.1:PORT/cas/" — a str, usable as CAS_SERVER_URL
        cas.url        # the same, as a plain str
        cas.stop()     # the ENT is down: connections are refused
        cas.start()    # and back, same port, same database, same directory

Nothing here imports Django: the server runs with devcas.settings whatever settings module
the calling test-suite uses.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from devcas import db
from devcas.directory import DEFAULT_PASSWORD as DEMO_PASSWORD

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SERVICE_PATTERN = r"^https?://(127\.0\.0\.1|localhost)(:[0-9]+)?/.*$"
TEST_DATABASE_NAME = "test_tremplin_devcas"


class DevCasError(RuntimeError):
    """The development ENT did not set up or start; the message carries its output."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_answers(port: int) -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _tail(path: Path, limit: int = 6000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return text[-limit:]


class DevCasServer(str):
    """The base URL of a running development ENT, which can also stop and start it.

    It is a str (`http://127.0.0.1:PORT/cas/`) so that it can be used wherever a URL is
    expected; copying or pickling it gives a plain str.
    """

    port: int
    #: The environment of the server's processes (DEVCAS_DATABASE_URL and the like).
    env: dict[str, str]
    log_path: Path

    def __new__(
        cls,
        port: int,
        env: Mapping[str, str],
        log_path: Path,
        *,
        workers: int = 2,
        timeout: float = 30.0,
    ) -> DevCasServer:
        server = super().__new__(cls, f"http://127.0.0.1:{port}/cas/")
        server.port = port
        server.log_path = log_path
        server.env = dict(env)
        server._workers = workers
        server._timeout = timeout
        server._process = None
        return server

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return (str, (str(self),))

    @property
    def url(self) -> str:
        """The CAS base URL, ending in `/cas/`."""
        return str(self)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the server (if it is not running) and wait until its login page answers."""
        if self.running:
            return
        if _port_answers(self.port):
            raise DevCasError(f"Port {self.port} is already in use: cannot start the ENT there.")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "devcas.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self._workers),
            "--graceful-timeout",
            "3",
            "--access-logfile",
            "-",
        ]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self._timeout
        login_url = f"{self}login"
        last_error = "no answer"
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                code = self._process.returncode if self._process else None
                self._process = None
                raise DevCasError(
                    f"The development ENT exited (code {code}) before answering.\n"
                    f"{_tail(self.log_path)}"
                )
            try:
                with urllib.request.urlopen(login_url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
                    last_error = f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                last_error = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                last_error = str(exc)
            time.sleep(0.1)
        self.stop()
        raise DevCasError(
            f"The development ENT did not answer {login_url} with 200 within "
            f"{self._timeout:g} s ({last_error}).\n{_tail(self.log_path)}"
        )

    def stop(self) -> None:
        """Stop the server; connections to its port are then refused."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def devcas_environment(
    database_url: str | None = None, env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment the ENT's processes get: ours, its settings, the given overrides."""
    environ = dict(os.environ)
    environ["DJANGO_SETTINGS_MODULE"] = "devcas.settings"
    environ["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT_DIR), *filter(None, [environ.get("PYTHONPATH")])]
    )
    if database_url:
        environ["DEVCAS_DATABASE_URL"] = database_url
    environ.update(env or {})
    return environ


def manage(*args: str, env: Mapping[str, str] | None = None, timeout: float = 120) -> str:
    """Run `python -m devcas ARGS` in a subprocess; return its output, raise if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "devcas", *args],
        cwd=PROJECT_DIR,
        env=dict(env) if env is not None else devcas_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise DevCasError(
            f"`python -m devcas {' '.join(args)}` failed (code {result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        )
    return result.stdout


@contextmanager
def run_devcas(
    port: int,
    *,
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
    service_pattern: str = DEFAULT_SERVICE_PATTERN,
    workers: int = 2,
    timeout: float = 30.0,
) -> Iterator[DevCasServer]:
    """Migrate, set up and start the development ENT on 127.0.0.1:`port`; stop it on exit.

    `database_url` becomes DEVCAS_DATABASE_URL (otherwise devcas.settings chooses, see
    there); `env` adds variables such as DEVCAS_DIRECTORY_FILE. Yields a DevCasServer:
    the CAS base URL, with .url, .port, .stop(), .start(), .restart() and .log_path.
    """
    environ = devcas_environment(database_url, env)
    manage("migrate", "--noinput", env=environ)
    manage("devcas_setup", "--service", service_pattern, env=environ)
    log_dir = Path(tempfile.mkdtemp(prefix="devcas-"))
    server = DevCasServer(port, environ, log_dir / "server.log", workers=workers, timeout=timeout)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(log_dir, ignore_errors=True)


@contextmanager
def throwaway_database(name: str = TEST_DATABASE_NAME) -> Iterator[str]:
    """A new, empty database `name` on the project's PostgreSQL server, dropped on exit.

    The server is DATABASE_URL's if set, otherwise the embedded one. Yields the URL to
    pass as `run_devcas(database_url=...)`; stop the server before leaving.
    """
    params = db.server_params()
    db.drop_database(params, name)
    db.ensure_database(params, name)
    try:
        yield db.url_from_params({**params, "dbname": name})
    finally:
        db.drop_database(params, name)


# --- Walking the CAS protocol over HTTP, as a browser would ---------------------------


class _FormFields(HTMLParser):
    """The inputs of the form `#login_form` (or of the only form) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._in_form = attributes.get("id", "login_form") == "login_form"
        elif tag == "input" and self._in_form and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def form_fields(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    return parser.fields


def login_url(cas: str, service: str | None) -> str:
    return f"{cas}login" + (f"?{urlencode({'service': service})}" if service else "")


def sign_in(
    cas: str,
    username: str,
    password: str,
    service: str,
    session: requests.Session | None = None,
) -> requests.Response:
    """Fill in the login form as a browser would; the answer is not followed."""
    session = session or requests.Session()
    page = session.get(login_url(cas, service), timeout=10)
    fields = form_fields(page.text)
    if page.status_code != 200 or not fields.get("lt", "").startswith("LT-"):
        raise DevCasError(f"no login form at {page.url}: {page.status_code}")
    fields.update(username=username, password=password)
    return session.post(login_url(cas, service), data=fields, allow_redirects=False, timeout=10)


def ticket_of(response: requests.Response) -> str:
    """The service ticket the ENT sent the browser back with."""
    location = response.headers.get("Location", "")
    tickets = parse_qs(urlsplit(location).query).get("ticket", [])
    if response.status_code != 302 or not tickets or not tickets[0].startswith("ST-"):
        raise DevCasError(f"no service ticket: {response.status_code} {location}")
    return tickets[0]


def service_ticket(cas: str, username: str, service: str, password: str = DEMO_PASSWORD) -> str:
    """Sign in to the ENT as `username` and return a service ticket for `service`."""
    return ticket_of(sign_in(cas, username, password, service))
