"""`make loadtest`: locust's journeys against the platform as production runs it.

gunicorn (4 sync workers, DEBUG off), the procrastinate worker and PostgreSQL, on the
large demo data (loaded once), with the development ENT for the students' and staff's
sign-in. Prints, per page, the number of requests, the failures, p50, p95 and p99, then
the largest resident memory (RSS) each web worker reached during the run. Fails (exit 1)
on any failed request.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

import psutil
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tremplin.demo.loadtest import load_loadtest_recruiters, recruiter_emails
from tremplin.demo.management.commands.rundemo import (
    HOST,
    _port_answers,
    _stop_group,
    port_is_free,
)
from tremplin.offers.models import Offer

WEB_PORT, ENT_PORT = 8200, 8201
WORKERS = 4
RSS_GOAL_MB = 200
LARGE_OFFERS = 500_000


class Command(BaseCommand):
    help = "Run locust's journeys (64 users, 60 s) against gunicorn on the large demo data."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--users", type=int, default=64)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--port", type=int, default=WEB_PORT)
        parser.add_argument("--ent-port", type=int, default=ENT_PORT)
        parser.add_argument(
            "--no-large-data", action="store_true", help="run on the data already there"
        )

    def handle(self, *args, users, seconds, port, ent_port, no_large_data, **options) -> None:
        busy = [p for p in (port, ent_port) if not port_is_free(p)]
        if busy:
            raise CommandError(f"Port(s) {busy} in use: choose others with --port/--ent-port.")
        call_command("migrate", interactive=False, verbosity=0)
        if not no_large_data and Offer.objects.count() < LARGE_OFFERS:
            self.stdout.write("Loading the large demo data (once; a few minutes)…")
            call_command("demo_data", size="large", no_progress=True)
        created = load_loadtest_recruiters()
        self.stdout.write(
            f"Offers: {Offer.objects.count()}; load-test recruiters created: {created}"
        )

        root = Path(settings.BASE_DIR)
        python = sys.executable
        web_url = f"http://{HOST}:{port}"
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "DJANGO_DEBUG": "false",
            "SITE_URL": web_url,
            "CAS_SERVER_URL": f"http://{HOST}:{ent_port}/cas",
            "LOG_LEVEL": "WARNING",
        }
        for step in (["migrate", "--verbosity", "0"], ["devcas_setup"]):
            subprocess.run(
                [python, "-m", "devcas", *step],
                cwd=root,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        gunicorn = [
            python,
            "-m",
            "gunicorn",
            "tremplin.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        commands = {
            "ENT (CAS)": [python, "-m", "devcas", "runserver", "--noreload", f"{HOST}:{ent_port}"],
            "worker": [python, "manage.py", "procrastinate", "worker"],
            "web": gunicorn,
        }
        processes: dict[str, subprocess.Popen] = {}
        report = Path(tempfile.mkdtemp(prefix="tremplin-loadtest-"))
        logs = Path(settings.VAR_DIR) / "loadtest"
        logs.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"The servers' output goes to {logs}/; locust runs {seconds} s…")
        try:
            for name, command in commands.items():
                log = (logs / f"{name.split()[0].lower()}.log").open("w")
                processes[name] = subprocess.Popen(
                    command,
                    cwd=root,
                    env=env,
                    start_new_session=True,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            self._wait(processes, (port, ent_port))
            rss = _RssSampler(processes["web"].pid)
            rss.start()
            locust_env = {
                **env,
                "LOADTEST_RECRUITERS": ",".join(recruiter_emails()),
            }
            locust = subprocess.run(
                [
                    python,
                    "-m",
                    "locust",
                    "-f",
                    str(root / "tremplin/demo/locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(max(users // 8, 1)),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    web_url,
                    "--csv",
                    str(report / "run"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--stop-timeout",
                    "10",
                ],
                cwd=root,
                env=locust_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
            rss.stop()
        finally:
            for process in processes.values():
                _stop_group(process)
        failures = self._print(report, users, seconds, rss.peaks)
        if locust.returncode not in (0, 1) or not (report / "run_stats.csv").exists():
            self.stderr.write(locust.stderr[-3000:])
            raise CommandError(f"locust did not run (exit {locust.returncode}).")
        if failures:
            self.stderr.write(locust.stderr[-3000:])
            raise CommandError(f"{failures} requests failed.")

    def _wait(self, processes, ports) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            exited = [name for name, p in processes.items() if p.poll() is not None]
            if exited:
                raise CommandError(f"{', '.join(exited)} exited at start-up.")
            if all(_port_answers(p) for p in ports):
                return
            time.sleep(0.2)
        raise CommandError("The servers did not answer in 120 s.")

    def _print(
        self, report: Path, users: int, seconds: int, peaks: dict[int, tuple[int, int]]
    ) -> int:
        with (report / "run_stats.csv").open() as file:
            rows = list(csv.DictReader(file))
        failures_file = report / "run_failures.csv"
        self.stdout.write(f"\n{users} users for {seconds} s, {WORKERS} gunicorn workers\n")
        header = f"{'page':<28}{'requests':>9}{'failed':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        total_failures = 0
        for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
            name = "all pages" if row["Name"] == "Aggregated" else row["Name"]
            if row["Name"] == "Aggregated":
                self.stdout.write("-" * len(header))
                total_failures = int(row["Failure Count"])
            self.stdout.write(
                f"{name[:27]:<28}{row['Request Count']:>9}{row['Failure Count']:>8}"
                f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
            )
        self.stdout.write(
            f"\nRSS of each web worker (goal: at most {RSS_GOAL_MB} MB), largest during the run"
            " and at its end:"
        )
        for pid, (peak, last) in sorted(peaks.items()):
            mb = peak / (1024 * 1024)
            verdict = "ok" if mb <= RSS_GOAL_MB + 0.5 else f"over the {RSS_GOAL_MB} MB goal"
            self.stdout.write(
                f"  worker {pid}: largest {mb:.0f} MB ({verdict}),"
                f" at the end {last / 2**20:.0f} MB"
            )
        if total_failures and failures_file.exists():
            self.stdout.write("\nFailures:")
            self.stdout.write(failures_file.read_text())
        return total_failures


class _RssSampler(threading.Thread):
    """The largest and the last RSS of each child of the gunicorn master, sampled every
    half second. A worker checking a password holds Argon2's 100 MiB for that time."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master_pid)
        self.peaks: dict[int, tuple[int, int]] = {}
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            with suppress(psutil.Error):
                for child in self.master.children():
                    with suppress(psutil.Error):
                        rss = child.memory_info().rss
                        peak = self.peaks.get(child.pid, (0, 0))[0]
                        self.peaks[child.pid] = (max(peak, rss), rss)
            self._stop_event.wait(0.5)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
