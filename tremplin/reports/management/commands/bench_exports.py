"""Measure the exports on the large data: rows per second and peak memory, CSV and XLSX.

The large data is what `manage.py demo_data --size large` writes (1,000,000 registry rows,
500,000 offers). What is missing up to `--rows` and `--offers` is added here with COPY, as
synthetic rows marked as the bench's (student numbers "B…", the organisation "Bench
exports"), and applications up to `--applications` (0 to 4 an offer, from 1,000 bench
candidates "bench-exports-…", written by one INSERT … SELECT), so that the offers' count
of applications counts something: the bench runs without the demo app, and a second run
adds nothing.

Each export runs exactly as the back office's (`reports.exports.rows`, `csv_rows`,
`write_xlsx`), with an administrator's scope (an account held in memory, never saved),
every declared column, to a sink that counts the CSV's bytes or to a temporary XLSX file.
Peak memory is the process's resident peak (VmHWM, reset before each export on Linux),
and with --tracemalloc the peak of Python's allocations (slower).
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from tremplin.accounts.models import RoleAssignment, User
from tremplin.directory.models import Composante, RegistryEntry, Vet, registry_name_keys
from tremplin.lib.text import first_name_keys, name_key
from tremplin.offers.models import Application, Offer
from tremplin.recruiters.models import Organisation
from tremplin.reports.exports import EXPORTS, csv_file, csv_rows, headings, rows, write_xlsx
from tremplin.reports.filters import Filters
from tremplin.reports.models import ExportKind

BENCH_ORGANISATION = "Bench exports"
BENCH_CANDIDATES = 1_000
CANDIDATE_PREFIX = "bench-exports-"
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]
FIRST_NAMES = ["Léa", "Hugo", "Chloé", "Louis", "Inès", "Jules", "Manon", "Gabriel", "Zoé"]


def bench_administrator() -> User:
    """An administrator held in memory: `roles_of` reads the cached roles, nothing is saved."""
    user = User(username="bench-exports", kind=User.Kind.STAFF, is_active=True)
    user._tremplin_roles = [RoleAssignment(role=RoleAssignment.Role.ADMIN)]
    return user


def resident_peak_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_resident_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class Command(BaseCommand):
    help = (
        "Export the large data (registry rows and offers) as CSV and XLSX, printing rows per "
        "second and peak memory; add the rows that are missing first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000, help="registry rows")
        parser.add_argument("--offers", type=int, default=500_000)
        parser.add_argument("--applications", type=int, default=1_000_000)
        parser.add_argument("--formats", default="csv,xlsx")
        parser.add_argument("--tracemalloc", action="store_true")

    def handle(
        self,
        *args,
        rows: int,
        offers: int,
        applications: int,
        formats: str,
        tracemalloc: bool,
        **options,
    ):
        self.fill_registry(rows)
        self.fill_offers(offers)
        self.fill_applications(applications)
        user = bench_administrator()
        for kind, limit in ((ExportKind.GRADUATES, rows), (ExportKind.OFFERS, offers)):
            for file_format in formats.split(","):
                self.run(kind, file_format, user, limit, trace=tracemalloc)

    # --- The data ---------------------------------------------------------------------

    def vets(self) -> list[int]:
        ids = list(Vet.objects.values_list("pk", flat=True)[:50])
        if not ids:
            composante, _ = Composante.objects.get_or_create(
                code="BENCH", defaults={"label": "Composante du bench"}
            )
            vet, _ = Vet.objects.get_or_create(
                code="BENCH",
                version="1",
                defaults={"label": "VET du bench", "composante": composante},
            )
            ids = [vet.pk]
        return ids

    def fill_registry(self, target: int) -> None:
        missing = target - RegistryEntry.objects.count()
        if missing <= 0:
            return
        self.stdout.write(f"registry: writing {missing:,} rows with COPY…")
        start = RegistryEntry.objects.filter(student_number__startswith="B").count()
        vets, rng, now = self.vets(), random.Random(2026), timezone.now()
        columns = [
            *("student_number", "birth_name", "usage_name", "first_names", "birth_date"),
            *("vet_id", "year_obtained", "institutional_email", "personal_email"),
            *("birth_name_key", "usage_name_key", "first_name_keys", "name_keys"),
            *("created_at", "updated_at"),
        ]
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            table = RegistryEntry._meta.db_table
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for n in range(start, start + missing):
                    last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
                    email = f"{name_key(first)}.{name_key(last)}{n}@exemple.fr"
                    copy.write_row(
                        (
                            f"B{n:09d}",
                            last,
                            "",
                            first,
                            date(1990, 1, 1) + timedelta(days=n % 5000),
                            vets[n % len(vets)],
                            2010 + n % 15,
                            "",
                            ("=" if n % 1000 == 0 else "") + email,  # some cells to neutralise
                            name_key(last),
                            "",
                            first_name_keys(first),
                            registry_name_keys(last, ""),
                            now,
                            now,
                        )
                    )
        self.stdout.write(f"registry: {missing:,} rows in {time.perf_counter() - began:.1f} s")

    def fill_offers(self, target: int) -> None:
        missing = target - Offer.objects.count()
        if missing <= 0:
            return
        self.stdout.write(f"offers: writing {missing:,} offers with COPY…")
        organisation, _ = Organisation.objects.get_or_create(
            name=BENCH_ORGANISATION,
            defaults={
                "siret": "00000000000099",
                "address": "1 rue du Bench",
                "postcode": "63000",
                "city": "Clermont-Ferrand",
                "sector": Organisation.Sector.choices[0][0],
                "size": Organisation.Size.choices[0][0],
            },
        )
        now = timezone.now()
        kinds, domains = Offer.Kind.values, Offer.Domain.values
        fields = [f for f in Offer._meta.concrete_fields if not f.primary_key]
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            table = Offer._meta.db_table
            names = ", ".join(f.column for f in fields)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for n in range(missing):
                    values = {
                        "title": f"Offre du bench n° {n}",
                        "kind": kinds[n % len(kinds)],
                        "domain": domains[n % len(domains)],
                        "description": "<p>Une offre écrite pour mesurer les exports.</p>",
                        "organisation": organisation.pk,
                        "city": "Clermont-Ferrand",
                        "postcode": "63000",
                        "status": "published" if n % 5 == 0 else "expired",
                        "publish_from": now - timedelta(days=60),
                        "publish_until": now + timedelta(days=30 - n % 90),
                        "created_at": now - timedelta(days=n % 700),
                        "updated_at": now,
                        "published_at": now - timedelta(days=n % 700),
                    }
                    copy.write_row(
                        [values[f.name] if f.name in values else f.get_default() for f in fields]
                    )
            # Half of them aimed at a composante, as offers are.
            through = Offer.composantes.through._meta.db_table
            cursor.execute(
                f"INSERT INTO {through} (offer_id, composante_id) "  # noqa: S608 (our names)
                "SELECT o.id, c.ids[1 + o.id %% array_length(c.ids, 1)] "
                f"FROM {table} o, "
                f"(SELECT array_agg(id) AS ids FROM {Composante._meta.db_table}) c "
                "WHERE o.organisation_id = %s AND o.id %% 2 = 0 AND c.ids IS NOT NULL "
                "ON CONFLICT DO NOTHING",
                [organisation.pk],
            )
            cursor.execute(f"ANALYZE {table}; ANALYZE {through}")
        self.stdout.write(f"offers: {missing:,} offers in {time.perf_counter() - began:.1f} s")

    def fill_applications(self, target: int) -> None:
        """Applications from the bench's candidates: offer n gets n % 5 of them (2 an offer
        on average), until about `target`; offers that have some already get none. Once
        written, they are not written again."""
        missing = target - Application.objects.count()
        bench = Application.objects.filter(candidate__username__startswith=CANDIDATE_PREFIX)
        if missing <= 0 or bench.exists():
            return
        self.stdout.write(f"applications: writing up to {missing:,} applications…")
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            User.objects.bulk_create(
                [
                    User(
                        username=f"{CANDIDATE_PREFIX}{n}",
                        kind=User.Kind.STUDENT,
                        email=f"{CANDIDATE_PREFIX}{n}@bench.invalid",
                        first_name="Bench",
                        last_name=str(n),
                        password=make_password(None),  # unusable
                    )
                    for n in range(BENCH_CANDIDATES)
                ],
                ignore_conflicts=True,
            )
            candidates = list(
                User.objects.filter(username__startswith=CANDIDATE_PREFIX)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            cursor.execute(
                f"INSERT INTO {Application._meta.db_table} "  # noqa: S608 (our names)
                "(offer_id, candidate_id, cv, message, status, created_at) "
                "SELECT o.id, (%s::bigint[])[1 + (o.id * 7 + k) %% %s], "
                "'applications/bench.pdf', 'Candidature du bench', 'received', "
                "o.created_at + interval '1 day' "
                f"FROM (SELECT id, created_at FROM {Offer._meta.db_table} o "
                "      WHERE NOT EXISTS (SELECT FROM "
                f"       {Application._meta.db_table} a WHERE a.offer_id = o.id) "
                "      ORDER BY id LIMIT %s) o, "
                "generate_series(0, 3) k WHERE k < o.id %% 5 "
                "ON CONFLICT DO NOTHING",
                [candidates, len(candidates), missing // 2],
            )
            written = cursor.rowcount
            cursor.execute(f"ANALYZE {Application._meta.db_table}")
        self.stdout.write(
            f"applications: {written:,} applications in {time.perf_counter() - began:.1f} s"
        )

    # --- The measure ------------------------------------------------------------------

    def run(self, kind: str, file_format: str, user, limit: int, *, trace: bool) -> None:
        export = EXPORTS[kind]
        keys = export.keys
        cells = rows(export, user, Filters(), keys)
        counted = 0

        def limited():
            nonlocal counted
            for row in cells:
                if counted >= limit:
                    return
                counted += 1
                yield row

        exact_peak = reset_resident_peak()
        before = resident_peak_mb()
        if trace:
            tracemalloc.start()
        began = time.perf_counter()
        if file_format == "csv":
            size = 0
            for chunk in csv_file(headings(export, keys), csv_rows(export, user, Filters(), keys)):
                size += len(chunk)
                counted += chunk.count(b"\n")
            counted -= 1  # the headings
        else:
            with tempfile.TemporaryFile() as output:
                write_xlsx(headings(export, keys), limited(), output, title=str(kind))
                size = output.tell()
        elapsed = time.perf_counter() - began
        python_peak = ""
        if trace:
            python_peak = (
                f", Python allocations peak {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MB"
            )
            tracemalloc.stop()
        peak = resident_peak_mb()
        self.stdout.write(
            f"{kind} {file_format.upper()}: {counted:,} rows × {len(keys)} columns in "
            f"{elapsed:.1f} s = {counted / elapsed:,.0f} rows/s, {size / 2**20:.0f} MB; "
            f"resident peak {peak:.0f} MB"
            + (f" (from {before:.0f} MB at the start)" if exact_peak else " (process peak)")
            + python_peak
        )
