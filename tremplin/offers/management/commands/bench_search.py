"""Measure the offer search through the whole Django stack (load `demo_data --size large`).

Prints figures, asserts nothing: 50 fixed searches mixing keywords and filters, first
and deep pages, each run several times through Django's test client as a signed-in
student; the time of the whole page and the time of its SQL; then the plan of every
distinct statement, to show no sequential scan of the offers tables. What bounds the
search's work is explained in `tremplin.offers.search`.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.directory.models import Vet
from tremplin.offers.models import Offer
from tremplin.offers.search.projection import TABLE, OfferIndex

TABLES = (Offer._meta.db_table, TABLE)  # and the projection's partitions, named after it

# (label, query string): 50 searches a student might make, broad and narrow.
QUERIES: list[tuple[str, dict]] = [
    ("no keyword, newest", {}),
    ("no keyword, page 40", {"page": 40}),
    ("stage", {"q": "stage"}),
    ("stage, page 2", {"q": "stage", "page": 2}),
    ("stage, page 100", {"q": "stage", "page": 100}),
    ("stage, newest", {"q": "stage", "sort": "newest"}),
    ("stage, start date", {"q": "stage", "sort": "start"}),
    ("developpeur (no accent)", {"q": "developpeur"}),
    ("Développeurs (plural)", {"q": "Développeurs"}),
    ("développeur python", {"q": "développeur python"}),
    ("développeur, Lyon", {"q": "développeur", "city": "Lyon"}),
    ("développeur, remote", {"q": "développeur", "remote": "full"}),
    ("software engineer (English)", {"q": "software engineer"}),
    ("marketing intern (English)", {"q": "marketing intern"}),
    ("data", {"q": "data"}),
    ("data analyst, bac+5", {"q": "data analyst", "level": "bac5"}),
    ("juriste", {"q": "juriste"}),
    ('"droit des affaires"', {"q": '"droit des affaires"'}),
    ("droit, DRT département 63", {"q": "droit", "departement": "63"}),
    ("communication digitale", {"q": "communication digitale"}),
    ("alternance", {"q": "alternance"}),
    ("alternance, page 30", {"q": "alternance", "page": 30}),
    ("alternance paie", {"q": "alternance paie"}),
    ("comptable", {"q": "comptable"}),
    ("infirmier", {"q": "infirmier"}),
    ("thèse", {"q": "thèse"}),
    ("VIE export", {"q": "VIE export"}),
    ("job étudiant", {"q": "job étudiant"}),
    ("tutorat mathématiques", {"q": "tutorat mathématiques"}),
    ("laboratoire biologie", {"q": "laboratoire biologie"}),
    ("énergie", {"q": "énergie"}),
    ("logistique", {"q": "logistique"}),
    ("ressources humaines", {"q": "ressources humaines"}),
    ("stage -python", {"q": "stage -python"}),
    ("stage or alternance", {"q": "stage or alternance"}),
    ("télétravail", {"q": "télétravail"}),
    ("no hit: xylophone", {"q": "xylophone"}),
    ("type stage", {"type": "stage"}),
    ("type CDI, page 20", {"type": "cdi", "page": 20}),
    ("type alternance, domain IT", {"type": "alternance", "domain": "informatique"}),
    ("département 75", {"departement": "75"}),
    ("département 63, stage", {"departement": "63", "type": "stage"}),
    ("remote full", {"remote": "full"}),
    ("level bac+3, since 7 days", {"level": "bac3", "since": 7}),
    ("domain law", {"domain": "droit"}),
    ("max duration 6 months", {"max_duration": 6}),
    ("start after 2027-01-01", {"start_after": "2027-01-01"}),
    ("organisation", {"organisation": "__org__"}),
    (
        "python, IT, bac+5, remote partial",
        {"q": "python", "domain": "informatique", "level": "bac5", "remote": "partial"},
    ),
    ("stage, page 250", {"q": "stage", "page": 250}),
]


def reads_offers(sql: str) -> bool:
    return any(table in sql for table in TABLES)


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@contextmanager
def sql_timer(log: list[tuple[str, float]]):
    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append((sql, (time.perf_counter() - start) * 1000, params))

    with connection.execute_wrapper(wrapper):
        yield


class Command(BaseCommand):
    help = "Time 50 fixed offer searches through the Django stack; print p50/p95 and the plans."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=5, help="timed runs of each search")

    def handle(self, *args, runs: int, **options) -> None:
        published = OfferIndex.objects.count()
        self.stdout.write(
            f"offers: {Offer.objects.count():,} in all, {published:,} published and searchable"
        )
        if published < 1000:
            self.stderr.write("Few offers: load `manage.py demo_data --size large` first.")
        newest = OfferIndex.objects.aggregate(newest=Max("published_at"))["newest"]
        if newest and timezone.now() - newest > timedelta(days=1):
            self.stderr.write(
                f"The newest offer was published {(timezone.now() - newest).days} days ago: the"
                " demo offers are dated from the day they were loaded, whereas a platform in"
                " use publishes every day and the search reads the newest first. For the"
                " figures of a platform in use, load them again into a new database:"
                " `make db-stop && rm -rf var/postgres && make bench`."
            )
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: run with DJANGO_DEBUG=false for production figures.")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        with transaction.atomic():
            self.run(runs)
            transaction.set_rollback(True)  # the bench's student leaves nothing behind

    def run(self, runs: int) -> None:
        student = User.objects.create(username="bench:student", kind=User.Kind.STUDENT)
        vet = Vet.objects.select_related("composante").filter(code="L3INF").first()
        if vet:
            student.composantes.add(vet.composante)
            student.vets.add(vet)
        client = Client()
        client.force_login(student)
        organisation = OfferIndex.objects.values_list("organisation_id", flat=True).first()
        url = reverse("offers:search")

        page_ms: list[float] = []
        sql_ms: list[float] = []
        per_query: dict[str, list[float]] = defaultdict(list)
        statements: dict[str, tuple] = {}
        for run in range(runs + 1):  # the first run warms the caches and is not counted
            for label, params in QUERIES:
                query = {k: (organisation if v == "__org__" else v) for k, v in params.items()}
                log: list[tuple[str, float, tuple]] = []
                with sql_timer(log):
                    start = time.perf_counter()
                    response = client.get(f"{url}?{urlencode(query)}")
                    elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    self.stderr.write(f"{label}: HTTP {response.status_code}")
                if run == 0:
                    for sql, _ms, sql_params in log:
                        statements.setdefault(sql, sql_params)
                    continue
                page_ms.append(elapsed)
                sql_ms.append(sum(ms for _sql, ms, _p in log))
                per_query[label].append(elapsed)

        self.stdout.write(f"\n{len(QUERIES)} searches × {runs} runs, through the test client")
        self.stdout.write(f"{'':24}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for name, values in (("whole page", page_ms), ("SQL of the page", sql_ms)):
            self.stdout.write(
                f"{name:<24}{percentile(values, 50):>10.1f}{percentile(values, 95):>10.1f}"
                f"{max(values):>10.1f}"
            )
        self.stdout.write("\nslowest searches (median of the runs, ms):")
        medians = sorted(((statistics.median(v), k) for k, v in per_query.items()), reverse=True)
        for value, label in medians[:8]:
            self.stdout.write(f"  {value:7.1f}  {label}")
        self.explain(statements)

    def explain(self, statements: dict[str, tuple]) -> None:
        """The plan of every distinct statement the searches ran on the offers tables."""
        seq_scans = []
        shown = 0
        with connection.cursor() as cursor:
            for sql, params in statements.items():
                if not reads_offers(sql) or not sql.lstrip().upper().startswith(
                    ("SELECT", "WITH")
                ):
                    continue
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                if any(f"Seq Scan on {table}" in plan for table in TABLES):
                    seq_scans.append(plan)
                if shown < 3:
                    shown += 1
                    short = "\n".join(line[:200] for line in plan.splitlines())
                    self.stdout.write(f"\nEXPLAIN {sql[:160]}…\n{short}")
        self.stdout.write(
            f"\nDistinct statements on the offers tables: "
            f"{sum(reads_offers(sql) for sql in statements)}; "
            f"with a sequential scan of {' or '.join(TABLES)}: {len(seq_scans)}"
        )
        for plan in seq_scans[:3]:
            self.stdout.write(plan)
