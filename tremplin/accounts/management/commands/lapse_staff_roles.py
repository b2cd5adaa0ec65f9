from django.core.management.base import BaseCommand, no_translations
from django.utils import timezone

from tremplin.accounts.services import lapse_departed_staff


class Command(BaseCommand):
    help = (
        "Remove the roles of staff the directory no longer lists as staff (with an LDAP "
        "directory and a service account), or who have not signed in for "
        "STAFF_ROLE_LAPSE_DAYS (also run every night by the worker)."
    )

    @no_translations
    def handle(self, *args, **options) -> None:
        lapses = lapse_departed_staff(timezone.now())
        for lapse in lapses:
            kept = " (last administrator: kept)" if lapse.kept_last_administrator else ""
            self.stdout.write(f"{lapse.user}: {', '.join(lapse.removed) or '-'}{kept}")
        self.stdout.write(f"staff whose roles lapsed: {len(lapses)}")
