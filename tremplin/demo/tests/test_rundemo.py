"""`make demo` stops whole: after Ctrl-C (or a kill) no server, no autoreloaded child and no
PostgreSQL is left, the ports are free again; a second demo says where the first runs.

Each test starts the real `manage.py rundemo` on free ports with its own var/ folder (its
own embedded PostgreSQL), so it never meets a developer's demo or the test database.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import pytest
from django.conf import settings

from tremplin.demo.management.commands.rundemo import port_is_free
from tremplin.lib import embedded_db
from tremplin.testing import free_port

ROOT = Path(settings.BASE_DIR)
READY = "Press Ctrl-C to stop everything."
# The first start migrates a fresh database: minutes on a busy 2-core machine.
START_SECONDS = 600
STOP_SECONDS = 60


@pytest.fixture(scope="module")
def demo_var() -> Iterator[Path]:
    # Under var/, not /tmp/pytest-of-…: as root, the embedded PostgreSQL runs as its own
    # user and opens every folder above its data to others; var/ is open to it already.
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="test-rundemo-", dir=settings.VAR_DIR))
    yield path
    embedded_db.stop(path)
    shutil.rmtree(path, ignore_errors=True)


class Demo:
    """A `manage.py rundemo --no-data` in its own session, as a terminal runs a command."""

    def __init__(self, var: Path, *, sigint_ignored: bool = False) -> None:
        self.var = var
        self.port, self.ent_port = free_port(), free_port()
        self.log = var / f"rundemo-{self.port}.log"
        self.children: dict[int, str] = {}
        command = [
            "manage.py",
            "rundemo",
            "--no-data",
            f"--port={self.port}",
            f"--ent-port={self.ent_port}",
        ]
        if sigint_ignored:  # as `make demo &` or some IDEs start it
            command = [
                "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN);"
                " os.execv(sys.executable, [sys.executable, *sys.argv[1:]])",
                *command,
            ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, *command],
                cwd=ROOT,
                env=demo_environment(var),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_ready(self) -> dict[int, str]:
        """Wait for the banner; return the processes the demo started (pid → start time)."""
        deadline = time.monotonic() + START_SECONDS
        while READY not in self.output():
            assert self.process.poll() is None, f"rundemo exited:\n{self.output()}"
            assert time.monotonic() < deadline, f"rundemo not ready:\n{self.output()}"
            time.sleep(0.5)
        self.children = descendants(self.process.pid)
        return self.children

    def stop_and_wait(self, send: Callable[[int], None]) -> int:
        send(self.process.pid)
        return self.process.wait(timeout=STOP_SECONDS)

    def kill(self) -> None:
        """After a failed test: leave nothing running, whatever state the demo is in."""
        if self.process.poll() is None:
            self.children |= descendants(self.process.pid)
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in survivors(self.children):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def start_demo(demo_var: Path) -> Iterator[Callable[..., Demo]]:
    started: list[Demo] = []

    def start(**options: bool) -> Demo:
        started.append(Demo(demo_var, **options))
        return started[-1]

    yield start
    for demo in started:
        demo.kill()


def demo_environment(var: Path) -> dict[str, str]:
    env = {**os.environ, "TREMPLIN_VAR_DIR": str(var)}
    # What a developer's shell would not have: the banner must come without it.
    for name in ("DATABASE_URL", "DEVCAS_DATABASE_URL", "PYTHONUNBUFFERED"):
        env.pop(name, None)
    return env


def processes() -> dict[int, tuple[int, str, str]]:
    """Every process of this machine: pid → (parent pid, state, start time)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat.rpartition(")")[2].split()
        found[int(entry.name)] = (int(fields[1]), fields[0], fields[19])
    return found


def descendants(pid: int) -> dict[int, str]:
    """The processes started by `pid`, their children and so on: pid → start time."""
    table = processes()
    found: dict[int, str] = {}
    parents = [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, _, started) in table.items():
            if ppid == parent and child not in found:
                found[child] = started
                parents.append(child)
    return found


def survivors(started: dict[int, str]) -> list[int]:
    """Those of `started` still alive (the same pid and start time, not a zombie)."""
    table = processes()
    return [
        pid
        for pid, start in started.items()
        if pid in table and table[pid][2] == start and table[pid][1] != "Z"
    ]


@contextmanager
def socket_listening() -> Iterator[int]:
    """A port of 127.0.0.1 that another program listens on."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def assert_stopped_whole(demo: Demo, children: dict[int, str], returncode: int) -> None:
    assert returncode == 0, demo.output()
    assert "Stopped." in demo.output()
    assert survivors(children) == []
    assert port_is_free(demo.port) and port_is_free(demo.ent_port)
    assert not embedded_db.is_running(demo.var), "PostgreSQL was left running"


def test_ctrl_c_stops_everything_and_a_second_demo_says_where_the_first_runs(start_demo, demo_var):
    first = start_demo()
    children = first.wait_until_ready()
    # The ENT, the worker, runserver's autoreloader and the child it serves from.
    assert len(children) >= 4, first.output()

    second = subprocess.run(
        [sys.executable, "manage.py", "rundemo", "--no-data", f"--port={free_port()}"],
        cwd=ROOT,
        env=demo_environment(demo_var),
        capture_output=True,
        text=True,
        timeout=STOP_SECONDS * 5,
    )
    assert second.returncode == 1
    assert (
        f"Tremplin's demo is already running at http://127.0.0.1:{first.port}/"
        f" (pid {first.process.pid}); stop it with Ctrl-C in its terminal." in second.stderr
    )
    assert len(survivors(children)) == len(children), "the second start touched the first"
    assert not port_is_free(first.port)

    # Ctrl-C in a terminal: SIGINT to the foreground process group.
    returncode = first.stop_and_wait(lambda pid: os.killpg(pid, signal.SIGINT))
    assert_stopped_whole(first, children, returncode)


@pytest.mark.parametrize(
    ("sigint_ignored", "signum"),
    [
        pytest.param(False, signal.SIGTERM, id="kill"),
        pytest.param(True, signal.SIGINT, id="SIGINT-to-a-demo-started-in-the-background"),
    ],
)
def test_a_signal_to_the_command_alone_stops_everything(start_demo, sigint_ignored, signum):
    demo = start_demo(sigint_ignored=sigint_ignored)
    children = demo.wait_until_ready()
    assert len(children) >= 4, demo.output()

    returncode = demo.stop_and_wait(lambda pid: os.kill(pid, signum))
    assert_stopped_whole(demo, children, returncode)


def test_a_port_in_use_is_refused_before_anything_starts(demo_var):
    with socket_listening() as busy:
        refused = subprocess.run(
            [
                *(sys.executable, "manage.py", "rundemo", "--no-data"),
                *(f"--port={busy}", f"--ent-port={free_port()}"),
            ],
            cwd=ROOT,
            env=demo_environment(demo_var),
            capture_output=True,
            text=True,
            timeout=STOP_SECONDS * 5,
        )
    assert refused.returncode == 1
    assert f"Port {busy} is already in use by another program" in refused.stderr
    assert f"--port {busy + 100}" in refused.stderr
