from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from tremplin.lib.files import orphan_files


class Command(BaseCommand):
    help = (
        "Delete the uploaded files (CVs, proofs, registry files) that no row references,"
        " left behind by deletions before files went with their rows."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List them, delete nothing.")
        parser.add_argument(
            "--min-age-hours",
            type=int,
            default=24,
            help="Leave younger files alone: their row may not be committed yet (default 24).",
        )

    def handle(self, *args, **options) -> None:
        dry_run = options["dry_run"]
        orphans = orphan_files(older_than=timedelta(hours=options["min_age_hours"]))
        for orphan in orphans:
            if not dry_run:
                default_storage.delete(orphan.name)
            self.stdout.write(f"{'would delete' if dry_run else 'deleted'} {orphan.name}")
        size = sum(orphan.size for orphan in orphans)
        done = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"orphan files {done}: {len(orphans)} ({size} bytes)")
