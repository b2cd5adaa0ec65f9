from django.core.management.base import BaseCommand

from tremplin.lib.retention import purge


class Command(BaseCommand):
    help = "Delete the personal data whose time is up (also run every night by the worker)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(str(purge()))
