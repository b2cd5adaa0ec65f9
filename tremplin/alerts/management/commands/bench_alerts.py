"""Measure the alerts' matching on large data: who gets which new offers, for everyone.

Builds (or reuses) 100,000 students and graduates with a search profile and an alert, and
2,000 offers published in the last day (bulk inserts, names starting with "bench-alerts"),
then times `alerts.matching` — the SELECT alone, then the writing of the digests and the
deferring of their mail jobs (ALERT_MAIL_BATCH mails each), rolled back — and prints the
plan (EXPLAIN ANALYZE). Then the day's job for real: the digests written and their mail
jobs queued, worked by 2 worker processes against a local SMTP server that is stopped
and started again halfway (`tremplin.lib.mail_bench`): mails per second, each worker's
memory, and that every person got their mail once. Prints figures, asserts nothing; the
goals are 10 s for the matching and 100,000 mails in 10 minutes. It can run again: each
run starts with no digest, no offer sent and no budget spent for the bench's people.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections import Counter
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.alerts.matching import Run, explain, matches, write_digests
from tremplin.alerts.models import Digest, SentOffer
from tremplin.alerts.services import queue_mails
from tremplin.directory.models import Composante, Vet
from tremplin.lib.mail_bench import last_job_id, work_the_mail_queue
from tremplin.mailings.models import Consent, MailKind, OptInMail, WeeklySpend
from tremplin.offers.models import Offer
from tremplin.offers.search import indexing
from tremplin.profiles.models import SearchProfile
from tremplin.recruiters.models import Organisation

PREFIX = "bench-alerts"
DEPARTEMENTS = ["63", "75", "69", "13", "33", "31", "44", "59", "67", "06", "03", "15", "43"]
CITIES = ["Clermont-Ferrand", "Paris", "Lyon", "Marseille", "Bordeaux", "Toulouse", "Nantes"]


def _backend_pid() -> int | None:
    """The PostgreSQL process serving this connection, if it runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if os.path.exists(f"/proc/{pid}/stat") else None


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU time of process `pid` so far (Linux's /proc)."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Command(BaseCommand):
    help = "Time the alerts' matching on 100,000 people and 2,000 new offers (prints figures)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--offers", type=int, default=2_000)
        parser.add_argument("--runs", type=int, default=3, help="timed runs of the SELECT")
        parser.add_argument("--seed", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2, help="worker processes sending")
        parser.add_argument(
            "--outage", type=float, default=10.0, help="seconds the SMTP server is down halfway"
        )
        parser.add_argument("--no-sending", action="store_true", help="time the matching only")

    def handle(
        self,
        *args,
        people: int,
        offers: int,
        runs: int,
        seed: int,
        workers: int,
        outage: float,
        no_sending: bool,
        **options,
    ) -> None:
        rng = random.Random(seed)
        started = time.perf_counter()
        groups = self._directory()
        made = self._people(people, groups, rng)
        self._consents()
        organisations = self._organisations()
        self._offers(offers, organisations, groups, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # Nothing sent yet: the bench's people start with no digest and no offer sent.
        bench_users = User.objects.filter(username__startswith=PREFIX)
        SentOffer.objects.filter(user__in=bench_users).delete()
        Digest.objects.filter(user__in=bench_users).delete()
        WeeklySpend.objects.filter(user__in=bench_users).delete()
        OptInMail.objects.filter(user__in=bench_users).delete()
        self.stdout.write(
            f"data: {made} people made, {bench_users.count()} in all with a search profile,"
            f" {offers} offers published in the last day"
            f" ({time.perf_counter() - started:.1f} s)"
        )

        now = timezone.now()
        run = Run(day=timezone.localdate(now), now=now)
        timings, cpu = [], []
        backend = _backend_pid()
        for _ in range(runs):
            t, c = time.perf_counter(), _cpu_seconds(backend)
            rows = matches(run)
            timings.append(time.perf_counter() - t)
            cpu.append(_cpu_seconds(backend) - c)
        self._figures(rows, timings)
        if backend:
            self.stdout.write(
                f"  CPU time of the PostgreSQL backend: {statistics.median(cpu):.2f} s median"
                f" (what the statement costs a free core, whatever the machine's load;"
                f" load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
            )

        self.stdout.write("\nEXPLAIN (ANALYZE, BUFFERS) of the matching:\n")
        self.stdout.write(explain(run))

        # The whole job, rolled back: digests and sent offers written, one job per mail.
        t = time.perf_counter()
        with transaction.atomic():
            digests = write_digests(run)
            written = time.perf_counter() - t
            jobs = queue_mails(digests)
            total = time.perf_counter() - t
            again = write_digests(run)
            transaction.set_rollback(True)
        self.stdout.write(
            f"\njob: {len(digests)} digests and their offers written in {written:.2f} s,"
            f" {jobs} mail jobs deferred, {total:.2f} s in all (rolled back);"
            f" run again in the same transaction: {len(again)} more digests"
        )
        if not no_sending:
            self._send(run, workers, outage)

    def _send(self, run: Run, workers: int, outage: float) -> None:
        """The day's job for real, then its mails sent by `workers` worker processes."""
        first_job = last_job_id() + 1
        t = time.perf_counter()
        with transaction.atomic():
            digests = write_digests(run)
            queue_mails(digests)
        addresses = Digest.objects.filter(pk__in=digests).values_list("user__email", flat=True)
        expected = {address.lower() for address in addresses}
        self.stdout.write(
            f"\n{len(digests)} alert mails queued in {time.perf_counter() - t:.1f} s;"
            f" {workers} worker processes send them to a local SMTP server…"
        )
        sent = work_the_mail_queue(
            first_job=first_job,
            expected=expected,
            workers=workers,
            outage_seconds=outage,
            write=self.stdout.write,
        )
        for line in sent.lines():
            self.stdout.write(line)

    # --- Figures ---------------------------------------------------------------------

    def _figures(self, rows: list[tuple[int, int, int]], timings: list[float]) -> None:
        per_person = Counter(user for user, _offer, _rank in rows)
        sizes = list(per_person.values()) or [0]
        organisations = dict(
            Offer.objects.filter(title__startswith=PREFIX).values_list("pk", "organisation")
        )
        per_org = Counter((user, organisations.get(offer)) for user, offer, _rank in rows)
        self.stdout.write(
            f"matching: {statistics.median(timings):.2f} s median of {len(timings)} runs"
            f" (min {min(timings):.2f} s, max {max(timings):.2f} s); goal ≤ 10 s\n"
            f"  {len(rows)} (person, offer) pairs for {len(per_person)} people;"
            f" offers per mail: mean {statistics.mean(sizes):.1f}, max {max(sizes)};"
            f" most of one organisation in a mail: {max(per_org.values(), default=0)}"
        )

    # --- Data --------------------------------------------------------------------------

    def _directory(self) -> tuple[list[int], list[tuple[int, int]]]:
        composantes = [
            Composante.objects.get_or_create(
                code=f"BA{n}", defaults={"label": f"{PREFIX} composante {n}"}
            )[0]
            for n in range(8)
        ]
        vets = [
            Vet.objects.get_or_create(
                code=f"BA{c.code}V{n}",
                version="1",
                defaults={"label": f"{PREFIX} VET {n}", "composante": c},
            )[0]
            for c in composantes
            for n in range(5)
        ]
        return [c.pk for c in composantes], [(v.pk, v.composante_id) for v in vets]

    def _people(self, count: int, groups, rng: random.Random) -> int:
        have = User.objects.filter(username__startswith=PREFIX).count()
        if have >= count:
            return 0
        _composantes, vets = groups
        users = User._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {users} (password, is_superuser, username, first_name, last_name,
                    email, is_staff, is_active, date_joined, kind, language, student_number)
                SELECT '!', false, %(prefix)s || '-' || n, 'Bench', 'Person ' || n,
                       %(prefix)s || '-' || n || '@etu.example', false, true, now(),
                       CASE WHEN n %% 4 = 0 THEN 'graduate' ELSE 'student' END,
                       CASE WHEN n %% 5 = 0 THEN 'en' ELSE 'fr' END, ''
                FROM generate_series(%(start)s, %(stop)s) n""",  # noqa: S608
                {"prefix": PREFIX, "start": have + 1, "stop": count},
            )
            ids = list(
                User.objects.filter(username__startswith=PREFIX)
                .exclude(search_profile__isnull=False)
                .values_list("pk", flat=True)
            )
            links = [rng.choice(vets) for _ in ids]
            User.vets.through.objects.bulk_create(
                [
                    User.vets.through(user_id=u, vet_id=v)
                    for u, (v, _c) in zip(ids, links, strict=True)
                ],
                batch_size=10_000,
            )
            User.composantes.through.objects.bulk_create(
                [
                    User.composantes.through(user_id=u, composante_id=c)
                    for u, (_v, c) in zip(ids, links, strict=True)
                ],
                batch_size=10_000,
            )
            SearchProfile.objects.bulk_create(
                [self._profile(u, rng) for u in ids], batch_size=5_000
            )
        return len(ids)

    @staticmethod
    def _consents() -> None:
        """Every bench person opted into alert mails (alerts go to nobody else)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {Consent._meta.db_table} (user_id, kind, given_at)
                SELECT id, %(kind)s, now() FROM {User._meta.db_table}
                WHERE username LIKE %(prefix)s ON CONFLICT DO NOTHING""",  # noqa: S608
                {"kind": MailKind.ALERTS.value, "prefix": PREFIX + "-%"},
            )

    @staticmethod
    def _profile(user_id: int, rng: random.Random) -> SearchProfile:
        places = rng.random()
        return SearchProfile(
            user_id=user_id,
            kinds=rng.sample(Offer.Kind.values, rng.choice([1, 1, 2, 3])),
            domains=rng.sample(Offer.Domain.values, rng.choice([1, 2, 2, 3])),
            departements=rng.sample(DEPARTEMENTS, rng.choice([1, 2])) if places < 0.7 else [],
            cities=[rng.choice(CITIES)] if 0.7 <= places < 0.85 else [],
            abroad=rng.random() < 0.1,
            remote=rng.sample(Offer.Remote.values, 2) if rng.random() < 0.3 else [],
            level=rng.choice(["", "bac2", "bac3", "bac5", "bac5", "bac8"]),
            max_duration_months=rng.choice([None, None, 6, 12]),
            languages=["fr", "en"] if rng.random() < 0.5 else [],
            alert_frequency="daily" if rng.random() < 0.8 else "weekly",
        )

    def _organisations(self) -> list[Organisation]:
        have = list(Organisation.objects.filter(name__startswith=PREFIX))
        missing = [
            Organisation(
                name=f"{PREFIX} organisation {n}", siret=f"99{n:012d}", city="Clermont-Ferrand"
            )
            for n in range(len(have), 150)
        ]
        Organisation.objects.bulk_create(missing)
        return have + missing

    def _offers(self, count: int, organisations, groups, rng: random.Random) -> None:
        """`count` offers published in the last day: made once, then their dates moved."""
        composantes, vets = groups
        now = timezone.now()
        existing = list(
            Offer.objects.filter(title__startswith=PREFIX).values_list("pk", flat=True)
        )
        if len(existing) < count:
            made = Offer.objects.bulk_create(
                [self._offer(n, organisations, rng, now) for n in range(len(existing), count)],
                batch_size=1_000,
            )
            through_c = Offer.composantes.through
            through_v = Offer.vets.through
            links_c, links_v = [], []
            for offer in made:
                pick = rng.random()
                if pick < 0.15:
                    links_c.append(
                        through_c(offer_id=offer.pk, composante_id=rng.choice(composantes))
                    )
                elif pick < 0.3:
                    links_v.append(through_v(offer_id=offer.pk, vet_id=rng.choice(vets)[0]))
            through_c.objects.bulk_create(links_c)
            through_v.objects.bulk_create(links_v)
            existing += [o.pk for o in made]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Offer._meta.db_table}"  # noqa: S608
                " SET published_at = %s - random() * interval '23 hours',"
                " publish_from = %s - interval '1 day', publish_until = %s + interval '30 days'"
                " WHERE id = ANY(%s)",
                [now, now, now, existing],
            )
        indexing.reindex(existing)

    @staticmethod
    def _offer(n: int, organisations, rng: random.Random, now) -> Offer:
        abroad = rng.random() < 0.05
        departement = rng.choice(DEPARTEMENTS)
        return Offer(
            title=f"{PREFIX} offre {n}",
            kind=rng.choice(Offer.Kind.values),
            description="<p>Une offre du banc d’essai des alertes.</p>",
            organisation=rng.choice(organisations),
            city="Berlin" if abroad else rng.choice(CITIES),
            departement="" if abroad else departement,
            country="Allemagne" if abroad else "France",
            remote=rng.choice(Offer.Remote.values),
            level=rng.choice(Offer.Level.values),
            domain=rng.choice(Offer.Domain.values),
            duration_months=rng.choice([None, 3, 6, 12, 24]),
            languages=rng.choice([[], ["fr"], ["en"], ["fr", "en"], ["de"]]),
            audience=rng.choice(["everyone", "everyone", "student", "graduate"]),
            status=Offer.Status.PUBLISHED,
            publish_from=now - timedelta(days=1),
            publish_until=now + timedelta(days=30),
            published_at=now - timedelta(hours=rng.random() * 23),
            submitted_at=now - timedelta(days=1),
        )
