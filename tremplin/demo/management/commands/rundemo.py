"""`make demo`: the whole platform on this machine, stopped by Ctrl-C.

Each server runs in its own process group and is stopped through it: `runserver`'s
autoreloader serves from a child process, and a signal to the reloader alone could leave
that child holding the port. A lock file in var/ names the running demo, so a second
`make demo` says where it runs instead of starting half a platform over it.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tremplin.demo.accounts import DEMO_ACCOUNTS_TEXT
from tremplin.lib import embedded_db

HOST = "127.0.0.1"
WEB_PORT = 8000
ENT_PORT = 8001
LOCK_FILE = "rundemo.lock"
STARTUP_SECONDS = 120  # the servers' own start; migrations and data come before
STOP_SECONDS = 10


class _Stop(Exception):
    """SIGTERM or SIGHUP (a closed terminal): stop everything, as Ctrl-C does."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop


def port_is_free(port: int) -> bool:
    """Whether a server could listen on HOST:port now (a port in TIME_WAIT counts as free,
    as runserver reuses it)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def _port_answers(port: int) -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


class Command(BaseCommand):
    help = "Migrate, load the demo data, start the development ENT, the worker and the web server."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-data", action="store_true", help="Do not (re)load the demo data."
        )
        parser.add_argument(
            "--port", type=int, default=WEB_PORT, help=f"the web server's port ({WEB_PORT})"
        )
        parser.add_argument(
            "--ent-port",
            type=int,
            default=ENT_PORT,
            help=f"the development ENT's port ({ENT_PORT})",
        )

    def handle(self, *args, no_data: bool, port: int, ent_port: int, **options) -> None:
        started = time.monotonic()
        web_url = f"http://{HOST}:{port}/"
        ent_url = f"http://{HOST}:{ent_port}/cas/"
        lock = self._claim(Path(settings.VAR_DIR) / LOCK_FILE, web_url)
        busy = [p for p in (port, ent_port) if not port_is_free(p)]
        if busy:
            lock.close()
            ports = " and ".join(map(str, busy))
            which = f"Ports {ports} are" if len(busy) > 1 else f"Port {ports} is"
            raise CommandError(
                f"{which} already in use by another program (a demo of another checkout?)."
                " Stop it, or choose other ports:"
                f" manage.py rundemo --port {port + 100} --ent-port {ent_port + 100}"
            )
        # Started with SIGINT ignored (`make demo &`, some IDEs), Ctrl-C would do nothing.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_stop)
        signal.signal(signal.SIGHUP, _raise_stop)

        python = sys.executable
        root = Path(settings.BASE_DIR)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.setdefault("SITE_URL", web_url.rstrip("/"))
        env.setdefault("CAS_SERVER_URL", ent_url.rstrip("/"))
        commands = {
            "ENT (CAS)": [python, "-m", "devcas", "runserver", "--noreload", f"{HOST}:{ent_port}"],
            "worker": [python, "manage.py", "procrastinate", "worker"],
            "web": [python, "manage.py", "runserver", f"{HOST}:{port}"],
        }
        processes: dict[str, subprocess.Popen] = {}
        failed: list[str] = []
        try:
            call_command("migrate", interactive=False, verbosity=0)
            if not no_data:
                call_command("demo_data", no_progress=True)
            for step in (["migrate", "--verbosity", "0"], ["devcas_setup"]):
                subprocess.run([python, "-m", "devcas", *step], cwd=root, env=env, check=True)
            for name, command in commands.items():
                # Its own process group: Ctrl-C reaches this command only, which stops each
                # server with everything it started (runserver's autoreloaded child).
                processes[name] = subprocess.Popen(
                    command, cwd=root, env=env, start_new_session=True
                )
            failed = self._wait_until_ready(processes, (port, ent_port))
            if not failed:
                ready = time.monotonic() - started
                self.stdout.write(
                    self.style.SUCCESS(
                        f"\nTremplin is running at {web_url}  (ready in {ready:.0f} s)"
                    )
                )
                self.stdout.write(
                    f"Development ENT (CAS): {ent_url}   Demo outbox: {web_url}demo/mails/"
                )
                self.stdout.write(DEMO_ACCOUNTS_TEXT)
                self.stdout.write("Press Ctrl-C to stop everything.\n")
                self.stdout.flush()  # into a pipe or a file, Python would hold it back
                while not failed:
                    time.sleep(0.5)
                    failed = [name for name, p in processes.items() if p.poll() is not None]
        except (KeyboardInterrupt, _Stop):
            pass
        finally:
            # A second Ctrl-C (or a kill) must not cut the stopping short.
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)
            for process in processes.values():
                _stop_group(process)
            if "DATABASE_URL" not in os.environ:
                embedded_db.stop(Path(settings.VAR_DIR))
            lock.close()
            self.stdout.write("Stopped.")
        if failed:
            raise CommandError(f"Stopped because {', '.join(failed)} exited.")

    def _claim(self, path: Path, web_url: str) -> TextIO:
        """Hold var/rundemo.lock for as long as this demo runs, or say who holds it.

        The lock (flock) goes with the process, however it ends: no stale lock to clean."""
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.open("a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            try:
                holder = json.loads(lock.read())
            except ValueError:
                holder = {}
            lock.close()
            raise CommandError(
                f"Tremplin's demo is already running at {holder.get('url', web_url)}"
                f" (pid {holder.get('pid', '?')}); stop it with Ctrl-C in its terminal."
            ) from None
        lock.truncate(0)
        lock.write(json.dumps({"pid": os.getpid(), "url": web_url}))
        lock.flush()
        return lock

    def _wait_until_ready(
        self, processes: dict[str, subprocess.Popen], ports: tuple[int, ...]
    ) -> list[str]:
        """Wait until every port answers; return the names of the servers that exited."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            failed = [name for name, p in processes.items() if p.poll() is not None]
            if failed or all(_port_answers(port) for port in ports):
                return failed
            time.sleep(0.2)
        raise CommandError(f"The servers did not answer on ports {ports} in {STARTUP_SECONDS} s.")


def _stop_group(process: subprocess.Popen) -> None:
    """SIGINT to the process group, as Ctrl-C in its own terminal would; SIGKILL to what is
    left after STOP_SECONDS. Returns once no process of the group is left."""
    group = process.pid  # start_new_session: the leader's pid is the group's id
    with suppress(ProcessLookupError):
        os.killpg(group, signal.SIGINT)
    deadline = time.monotonic() + STOP_SECONDS
    killed = False
    while True:
        process.poll()  # reap the leader, or it would count as alive
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            break
        if time.monotonic() > deadline:
            if killed:
                break
            with suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            killed = True
            deadline = time.monotonic() + STOP_SECONDS
        time.sleep(0.1)
    process.wait()
