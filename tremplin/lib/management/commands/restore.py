"""`manage.py restore FOLDER` (scripts/restore): put back a backup's database and media."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder: its database replaces the tables of the database (which"
        " must exist), its files go into the media folder (which must be empty)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--database", help="restore into this database of the same server (a scratch one)"
        )
        parser.add_argument("--media-root", type=Path, help="restore the files there")

    def handle(self, *args, source: Path, database, media_root, **options) -> None:
        try:
            restore(source, database=database, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {source}.")
