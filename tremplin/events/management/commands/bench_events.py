"""Registrations at once against gunicorn: the forum's seats, never one more.

2,000 students (by default) register for a 500-seat forum through 64 concurrent
connections, each POSTing the real registration form to a gunicorn serving the project on
this machine (signed in with a session of their own, CSRF token included). Then 100 of
those registered cancel, at once too. The command prints throughput and latency
percentiles of each phase, and checks in the database: exactly 500 registered and 1,500
waiting, 0 errors; then 100 promoted, still 500 registered.

It writes its students (`bench:` usernames), their sessions and its forum in the
configured database, and deletes them at the end (the confirmation mails deferred for
them then send nothing: their objects are gone).
"""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import User, UserSession
from tremplin.accounts.sessions import SessionStore
from tremplin.audit.models import Action, AuditEntry
from tremplin.events.models import Event, Registration

TITLE = "Bench forum"
PREFIX = "bench:"


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = (
        "Benchmark: N students register at once for a forum of S seats through C concurrent "
        "connections against gunicorn, then K of them cancel; prints throughput and latency "
        "and checks that exactly S are registered and N-S wait, then K promoted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--students", type=int, default=2000)
        parser.add_argument("--seats", type=int, default=500)
        parser.add_argument("--connections", type=int, default=64)
        parser.add_argument("--cancellations", type=int, default=100)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
        parser.add_argument("--threads", type=int, default=8, help="threads per process")
        parser.add_argument("--keep", action="store_true", help="keep the bench data")

    def handle(
        self, *args, students, seats, connections, cancellations, workers, threads, keep, **options
    ) -> None:
        if cancellations > seats or seats > students:
            raise CommandError("Give cancellations <= seats <= students.")
        self.cleanup()
        event, cookies = self.prepare(students, seats)
        port = free_port()
        server = self.start_gunicorn(port, workers, threads)
        try:
            base = f"http://127.0.0.1:{port}"
            self.stdout.write(
                f"gunicorn: {workers} processes × {threads} threads on {base}; "
                f"{connections} concurrent connections; {os.cpu_count()} CPU cores"
            )
            register_url = base + reverse("events:register", args=[event.pk])
            results = self.run(
                "register",
                [(register_url, c) for c in cookies],
                connections,
                expect="/inscriptions/",
            )
            registered = Registration.objects.filter(event=event).registered().count()
            waiting = Registration.objects.filter(event=event).waiting().count()
            self.stdout.write(
                f"  in the database: {registered} registered, {waiting} waiting "
                f"(expected {seats} and {students - seats})"
            )
            ok = registered == seats and waiting == students - seats and results == 0

            promoted_before = AuditEntry.objects.filter(action=Action.EVENT_PROMOTED).count()
            to_cancel = list(
                Registration.objects.filter(event=event)
                .registered()
                .select_related("person")
                .order_by("?")[:cancellations]
            )
            by_user = dict(zip(self.users, cookies, strict=True))
            jobs = [
                (base + reverse("events:cancel", args=[r.pk]), by_user[r.person_id])
                for r in to_cancel
            ]
            errors = self.run("cancel", jobs, connections, expect="/evenements/inscriptions/")
            promoted = (
                AuditEntry.objects.filter(action=Action.EVENT_PROMOTED).count() - promoted_before
            )
            registered = Registration.objects.filter(event=event).registered().count()
            waiting = Registration.objects.filter(event=event).waiting().count()
            self.stdout.write(
                f"  in the database: {promoted} promoted, {registered} registered, {waiting} "
                f"waiting (expected {cancellations}, {seats} and "
                f"{students - seats - cancellations})"
            )
            ok = (
                ok
                and errors == 0
                and promoted == cancellations
                and registered == seats
                and waiting == students - seats - cancellations
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
            if not keep:
                self.cleanup()
        self.stdout.write(self.style.SUCCESS("OK") if ok else self.style.ERROR("FAILED"))
        if not ok:
            raise CommandError("the counts are not what they must be")

    # --- The data ------------------------------------------------------------------------

    def cleanup(self) -> None:
        Event.objects.filter(title=TITLE).delete()
        users = User.objects.filter(username__startswith=PREFIX)
        UserSession.objects.filter(user__in=users).delete()
        AuditEntry.objects.filter(actor__username__startswith=PREFIX).delete()
        users.delete()

    def prepare(self, students: int, seats: int) -> tuple[Event, list[dict]]:
        now = timezone.now()
        event = Event.objects.create(
            title=TITLE,
            kind=Event.Kind.FORUM,
            description="<p>Bench</p>",
            place="Bench",
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=4),
            registration_opens_at=now - timedelta(hours=1),
            registration_closes_at=now + timedelta(hours=20),
            capacity=seats,
            status=Event.Status.PUBLISHED,
            published_at=now,
        )
        run = secrets.token_hex(3)
        people = [
            User(
                username=f"{PREFIX}{run}-{n}",
                kind=User.Kind.STUDENT,
                email=f"bench-{run}-{n}@bench.invalid",
                first_name="Bench",
                last_name=str(n),
                password=make_password(None),  # unusable
            )
            for n in range(students)
        ]
        User.objects.bulk_create(people, batch_size=1000)
        people = list(User.objects.filter(username__startswith=f"{PREFIX}{run}-").order_by("pk"))
        self.users = [u.pk for u in people]
        store = SessionStore()
        sessions, cookies = [], []
        expire = now + timedelta(hours=2)
        for user in people:
            key = secrets.token_urlsafe(24)
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            sessions.append(
                UserSession(
                    session_key=key,
                    session_data=store.encode(data),
                    expire_date=expire,
                    user=user,
                )
            )
            token = secrets.token_hex(16)
            cookies.append({settings.SESSION_COOKIE_NAME: key, settings.CSRF_COOKIE_NAME: token})
        UserSession.objects.bulk_create(sessions, batch_size=1000)
        self.stdout.write(
            f"prepared: {students} students with a session, a forum of {seats} seats"
        )
        return event, cookies

    # --- The server ------------------------------------------------------------------

    def start_gunicorn(self, port: int, workers: int, threads: int) -> subprocess.Popen:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        # The same settings and database as this command; DEBUG off, as in production.
        env = {**os.environ, "DJANGO_DEBUG": "false"}
        server = subprocess.Popen(
            [
                str(gunicorn),
                "tremplin.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/evenements/", timeout=30).ok:
                    return server
            except requests.RequestException:
                time.sleep(0.2)
        server.terminate()
        server.wait(timeout=30)
        raise CommandError("gunicorn did not answer within two minutes")

    # --- The load --------------------------------------------------------------------

    def run(
        self, name: str, jobs: list[tuple[str, dict]], connections: int, *, expect: str
    ) -> int:
        local = threading.local()
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def one(job: tuple[str, dict]) -> None:
            url, cookies = job
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = requests.Session()
            client.cookies.clear()
            started = time.perf_counter()
            try:
                response = client.post(
                    url,
                    data={"csrfmiddlewaretoken": cookies[settings.CSRF_COOKIE_NAME]},
                    cookies=cookies,
                    headers={"Referer": url},
                    allow_redirects=False,
                    timeout=120,
                )
                elapsed = time.perf_counter() - started
                good = response.status_code == 302 and expect in response.headers.get(
                    "Location", ""
                )
                problem = (
                    None if good else f"{response.status_code} {response.headers.get('Location')}"
                )
            except requests.RequestException as error:
                elapsed, problem = time.perf_counter() - started, repr(error)
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=connections) as pool:
            list(pool.map(one, jobs))
        wall = time.perf_counter() - started
        ms = [s * 1000 for s in latencies]
        self.stdout.write(
            f"{name}: {len(jobs)} requests in {wall:.2f} s = {len(jobs) / wall:.0f} req/s; "
            f"latency p50 {percentile(ms, 50):.0f} ms, p95 {percentile(ms, 95):.0f} ms, "
            f"p99 {percentile(ms, 99):.0f} ms, max {max(ms):.0f} ms; {len(errors)} errors"
        )
        for problem in sorted(set(errors))[:5]:
            self.stdout.write(f"  error: {problem}")
        return len(errors)
