"""Time `find_graduates` on the registry as it is (load `demo_data --size large` first)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection

from tremplin.directory.models import RegistryEntry
from tremplin.directory.services import explain_find_graduates, find_graduates


class Command(BaseCommand):
    help = "Print p50/p95 of find_graduates over people found and not found, and the query plan."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queries", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, queries: int, seed: int, **options) -> None:
        rng = random.Random(seed)
        total = RegistryEntry.objects.count()
        if not total:
            self.stderr.write("The registry is empty: run `demo_data --size large` first.")
            return
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RegistryEntry._meta.db_table}")
        ids = [rng.randint(1, total) for _ in range(queries)]
        sample = list(
            RegistryEntry.objects.filter(pk__in=ids).values_list(
                "birth_name", "usage_name", "first_names", "birth_date"
            )
        )
        cases = []
        for birth_name, usage_name, first_names, birth_date in sample:
            last = usage_name if usage_name and rng.random() < 0.5 else birth_name
            first = rng.choice(first_names.split())
            cases.append(("found", last.lower(), first.upper(), birth_date))
            cases.append(("not found", last, first, birth_date + timedelta(days=1)))
        for _label, *arguments in cases[:50]:
            find_graduates(*arguments)  # warm the cache
        timings: dict[str, list[float]] = {"found": [], "not found": []}
        hits = 0
        for label, *arguments in cases:
            start = time.perf_counter()
            result = find_graduates(*arguments)
            timings[label].append((time.perf_counter() - start) * 1000)
            hits += label == "found" and bool(result)

        self.stdout.write(f"registry rows: {total:,}   queries: {len(cases):,}")
        self.stdout.write(f"{'case':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, values in [*timings.items(), ("all", timings["found"] + timings["not found"])]:
            q = statistics.quantiles(values, n=100)
            self.stdout.write(f"{label:<10} {q[49]:8.2f} {q[94]:8.2f} {max(values):8.2f}")
        self.stdout.write(f"found people actually found: {hits}/{len(timings['found'])}")
        _, last, first, born = cases[0]
        self.stdout.write("\nEXPLAIN ANALYZE of one lookup:")
        self.stdout.write(explain_find_graduates(last, first, born, analyze=True))
