from __future__ import annotations

from itertools import islice

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from tremplin.demo import referential
from tremplin.demo.alerts import load_demo_alerts
from tremplin.demo.events import load_demo_events
from tremplin.demo.newsletters import load_demo_newsletter
from tremplin.demo.offers import load_offers, load_waiting_offer
from tremplin.demo.people import load_demo_staff
from tremplin.demo.recruiters import load_demo_recruiters
from tremplin.directory.importer import BATCH_SIZE, Referential, upsert_rows
from tremplin.directory.models import Composante, Vet

SIZES = {"small": 5_000, "large": 1_000_000}
OFFERS = {"small": (400, 100), "large": (100_000, 400_000)}  # (published, expired or archived)


class Command(BaseCommand):
    help = (
        "Load the demo data: the referential, a graduates registry of French people "
        "(5,000 rows in small, 1,000,000 in large), the demo accounts and offers (500 in small; "
        "100,000 published and 400,000 expired or archived in large). Running it twice "
        "duplicates nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, size: str, no_progress: bool, **options) -> None:
        self.no_progress = no_progress
        self.load_referential()
        self.load_registry(SIZES[size])
        self.stdout.write(f"staff: {load_demo_staff()} ENT accounts with their roles")
        self.stdout.write(f"recruiters: {load_demo_recruiters()} accounts, one waiting")
        self.load_offers(*OFFERS[size])
        if load_waiting_offer():
            self.stdout.write("offers: one waiting for the moderators of SCI and DRT")
        events = load_demo_events()
        self.stdout.write(f"events: {events} written" if events else "events: already there")
        if load_demo_newsletter():
            self.stdout.write("newsletters: one sent by david.drt to DRT's students (outbox)")
        profiles, mails = load_demo_alerts()
        self.stdout.write(
            f"alerts: {profiles} search profiles with saved searches, {mails} alert mails"
        )

    def load_offers(self, published: int, other: int) -> None:
        with tqdm(
            total=published + other,
            desc="offers",
            unit=" offers",
            disable=self.no_progress,
            file=self.stderr._out,
            dynamic_ncols=True,
        ) as bar:
            written = load_offers(published, other, progress=bar.update)
        self.stdout.write(f"offers: {written} written" if written else "offers: already there")

    @transaction.atomic
    def load_referential(self) -> None:
        for code, label in referential.COMPOSANTES.items():
            Composante.objects.update_or_create(code=code, defaults={"label": label})
        composantes = dict(Composante.objects.values_list("code", "id"))
        for code, label, level, composante in referential.VETS:
            Vet.objects.update_or_create(
                code=code,
                version="1",
                defaults={
                    "label": label,
                    "diploma_level": level,
                    "composante_id": composantes[composante],
                },
            )
        self.stdout.write(
            f"referential: {len(composantes)} composantes, {Vet.objects.count()} VETs"
        )

    def load_registry(self, count: int) -> None:
        rows = referential.registry_rows(count)
        cache = Referential()
        created = updated = 0
        with tqdm(
            total=count,
            desc="registry",
            unit=" rows",
            disable=self.no_progress,
            file=self.stderr._out,
            dynamic_ncols=True,
        ) as bar:
            while batch := list(islice(rows, BATCH_SIZE)):
                with transaction.atomic():
                    batch_created, batch_updated = upsert_rows(batch, cache)
                created += batch_created
                updated += batch_updated
                bar.update(len(batch))
        with transaction.atomic():
            upsert_rows(referential.DEMO_GRADUATES, cache)
        self.stdout.write(f"registry: {count} rows, {created} created, {updated} updated")
