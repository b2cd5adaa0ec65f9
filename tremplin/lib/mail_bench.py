"""A benchmark's mail run: the mail jobs already queued, worked by real worker processes
(`manage.py procrastinate worker`) against a local SMTP server (aiosmtpd) that counts
what it receives, stopped and started again in the middle.

It measures what production does with a queue of mails: mails per second, the resident
memory of each worker over the run, and that a server down in the middle neither loses
a mail nor sends one twice (each recipient is expected once). Used by the benchmark
commands (`manage.py bench_alerts`); prints figures, asserts nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

import psutil
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

MB = 1024 * 1024


class CountingSmtpServer:
    """An SMTP server on a free port of this machine that accepts every message and
    counts it per recipient (nothing more is kept: a run of 100,000 mails stays small)."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: Counter[str] = Counter()
        self.messages = 0
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.messages += 1
            self.received.update(address.lower() for address in envelope.rcpt_tos)
        return "250 OK"

    def start(self) -> None:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per command else
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@dataclass
class WorkerTrace:
    """The resident memory of one worker process, sampled through the run with the run's
    progress (0 to 1) at that moment, and the CPU time it used so far."""

    pid: int
    samples: list[tuple[float, int]] = field(default_factory=list)
    cpu: float = 0.0

    def sample(self, progress: float) -> None:
        with suppress(psutil.NoSuchProcess):
            process = psutil.Process(self.pid)
            self.samples.append((progress, process.memory_info().rss))
            self.cpu = _cpu(process)

    @property
    def peak(self) -> int:
        return max((rss for _progress, rss in self.samples), default=0)

    def at(self, progress: float) -> int:
        """The first sample taken once the run had gone that far."""
        return next((rss for done, rss in self.samples if done >= progress), self.peak)


@dataclass
class MailRun:
    expected: set[str]  # the addresses (lower case) the queued mails go to, once each
    received: Counter
    seconds: float
    workers: list[WorkerTrace]
    outage: tuple[int, float] | None  # mails received when the server stopped; how long
    failed_jobs: int
    retried_jobs: int
    smtp_cpu: float  # CPU seconds of the SMTP server (and of the bench that polls)
    postgres_cpu: float | None

    @property
    def lost(self) -> int:
        return len(self.expected - set(self.received))

    @property
    def twice(self) -> int:
        return sum(1 for address in self.expected if self.received[address] > 1)

    def lines(self) -> list[str]:
        total = sum(self.received[address] for address in self.expected)
        sending = self.seconds - (self.outage[1] if self.outage else 0)
        rate = total / sending if sending > 0 else 0.0
        lines = [
            f"sending: {total} mails received by the SMTP server in {self.seconds:.1f} s"
            f" ({sending:.1f} s without the outage): {rate:.0f} mails/s with"
            f" {len(self.workers)} workers; 100,000 would take {100_000 / rate / 60:.1f} min"
            " (goal ≤ 10 min)"
            if rate
            else "sending: no mail received",
            f"  expected {len(self.expected)} recipients once each: lost {self.lost},"
            f" sent twice {self.twice}; jobs failed for good: {self.failed_jobs}, jobs that"
            f" needed more than one attempt: {self.retried_jobs}",
        ]
        if total:
            per_mail = {
                "workers": sum(trace.cpu for trace in self.workers),
                "SMTP server": self.smtp_cpu,
                "PostgreSQL": self.postgres_cpu,
            }
            known = {name: cpu / total * 1000 for name, cpu in per_mail.items() if cpu}
            lines.append(
                "  CPU per mail: "
                + ", ".join(f"{name} {ms:.2f} ms" for name, ms in known.items())
                + f"; the workers alone: {1000 / known['workers'] * len(self.workers):.0f}"
                f" mails/s on {len(self.workers)} free cores (load average now"
                f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
            )
        if self.outage:
            lines.append(
                f"  the SMTP server was stopped after {self.outage[0]} mails for"
                f" {self.outage[1]:.0f} s, then started again"
            )
        for number, trace in enumerate(self.workers, 1):
            lines.append(
                f"  worker {number}: resident memory {trace.at(0.1) / MB:.0f} MB at 10 %,"
                f" {trace.at(0.5) / MB:.0f} MB at 50 %, {trace.at(0.9) / MB:.0f} MB at 90 %,"
                f" peak {trace.peak / MB:.0f} MB"
            )
        return lines


def _cpu(process: psutil.Process, *, children: bool = False) -> float:
    """User and system CPU seconds of `process` (and of its children that ended)."""
    times = process.cpu_times()
    spent = times.user + times.system
    return spent + (times.children_user + times.children_system if children else 0.0)


def postgres_cpu() -> float | None:
    """CPU seconds the PostgreSQL server of this connection used so far (its postmaster
    and every backend, the ended ones included), if it runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        postmaster = psutil.Process(backend).parent()
        if postmaster is None:
            return None
        return _cpu(postmaster, children=True) + sum(
            _cpu(child) for child in postmaster.children()
        )
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def _unfinished(first_job: int) -> tuple[int, int, int]:
    """Of the mail jobs from `first_job` on: (waiting or running, failed for good,
    that needed more than one attempt)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE status IN ('todo', 'doing')),"
            " count(*) FILTER (WHERE status = 'failed'),"
            " count(*) FILTER (WHERE attempts > 1)"
            " FROM procrastinate_jobs WHERE id >= %s AND task_name = 'send_email'",
            [first_job],
        )
        return cursor.fetchone()


def last_job_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
        return cursor.fetchone()[0]


def work_the_mail_queue(
    *,
    first_job: int,
    expected: set[str],
    workers: int = 2,
    outage_seconds: float = 10.0,
    timeout_seconds: float = 3600.0,
    write: Callable[[str], None] = print,
) -> MailRun:
    """Start `workers` worker processes on the "mail" queue against a counting SMTP
    server, stop the server for `outage_seconds` once half the mails to the `expected`
    addresses arrived, and return the run's figures once every mail job from
    `first_job` on has ended."""
    server = CountingSmtpServer()
    server.start()
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
        "DJANGO_DEBUG": "false",  # DEBUG keeps every query: the memory would grow
        "LOG_LEVEL": "ERROR",
    }
    command = [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "mail"]
    command += ["--fetch-job-polling-interval", "1"]  # a retry due is taken within 1 s
    processes = [
        subprocess.Popen(
            [*command, "--name", f"bench-{number}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for number in range(1, workers + 1)
    ]
    traces = [WorkerTrace(process.pid) for process in processes]
    started = last_report = time.perf_counter()
    cpu_before, postgres_before = time.process_time(), postgres_cpu()
    outage: tuple[int, float] | None = None
    try:
        while True:
            time.sleep(0.5)
            done = sum(server.received.values())
            for trace in traces:
                trace.sample(done / len(expected) if expected else 1.0)
            waiting, failed, retried = _unfinished(first_job)
            now = time.perf_counter()
            if not waiting:
                break
            if any(process.poll() is not None for process in processes):
                write("  a worker stopped by itself: the run is cut short")
                break
            if now - started > timeout_seconds:
                write(f"  {waiting} mail jobs still waiting after {timeout_seconds:.0f} s")
                break
            if outage is None and done >= len(expected) / 2 and outage_seconds > 0:
                server.stop()
                write(f"  {done} mails received: the SMTP server stops for {outage_seconds} s")
                time.sleep(outage_seconds)
                server.start()
                outage = (done, outage_seconds)
                write("  the SMTP server is back")
            elif now - last_report >= 10:
                last_report = now
                write(
                    f"  {done}/{len(expected)} mails after {now - started:.0f} s,"
                    f" {waiting} jobs waiting; workers' memory:"
                    f" {', '.join(f'{t.samples[-1][1] / MB:.0f} MB' for t in traces if t.samples)}"
                )
        seconds = time.perf_counter() - started
        for trace in traces:
            trace.sample(1.0)
        smtp_cpu, postgres_after = time.process_time() - cpu_before, postgres_cpu()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        server.stop()
    _waiting, failed, retried = _unfinished(first_job)
    return MailRun(
        expected=expected,
        received=server.received,
        seconds=seconds,
        workers=traces,
        outage=outage,
        failed_jobs=failed,
        retried_jobs=retried,
        smtp_cpu=smtp_cpu,
        postgres_cpu=(
            postgres_after - postgres_before
            if postgres_after is not None and postgres_before is not None
            else None
        ),
    )
