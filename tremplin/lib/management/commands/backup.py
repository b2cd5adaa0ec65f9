"""`manage.py backup DIR` (scripts/backup): the database and the media folder, into a new
folder under DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.lib.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the media folder into a new folder under DIR."

    def add_arguments(self, parser) -> None:
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination: Path, **options) -> None:
        try:
            folder = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(folder))
