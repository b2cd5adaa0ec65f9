"""`python -m devcas devcas_setup`: let Tremplin use the development ENT. Safe at every start.

django-cas-server refuses every service it has no ServicePattern for, and releases only
the attributes a pattern lists. This command makes the pattern named "tremplin" (or
--name) exactly: the --service regex, single logout on, no proxying, no user filter, and
the directory's attributes released under their own names (never `*`).
"""

from __future__ import annotations

import re
from typing import Any

from cas_server.models import ReplaceAttributName, ServicePattern
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from devcas.directory import ATTRIBUTES, DirectoryError, people

DEFAULT_SERVICE_PATTERN = r"^https?://(127\.0\.0\.1|localhost)(:[0-9]+)?/.*$"


class Command(BaseCommand):
    help = "Create or update the service pattern that lets Tremplin sign in with this CAS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--service",
            default=DEFAULT_SERVICE_PATTERN,
            help=f"regex of the service URLs allowed (default {DEFAULT_SERVICE_PATTERN})",
        )
        parser.add_argument("--name", default="tremplin", help="name of the service pattern")

    def handle(self, *args: Any, service: str, name: str, **options: Any) -> None:
        try:
            re.compile(service)
        except re.error as exc:
            raise CommandError(f"--service is not a regular expression: {exc}") from None
        try:
            count = len(people())  # reads DEVCAS_DIRECTORY_FILE now rather than at sign-in
        except (OSError, ValueError, DirectoryError) as exc:
            raise CommandError(f"The directory cannot be read: {exc}") from None

        with transaction.atomic():
            taken = ServicePattern.objects.filter(pattern=service).exclude(name=name).first()
            if taken is not None:
                raise CommandError(
                    f"The service pattern {taken.name!r} already has this regex; "
                    "remove it or choose another --name."
                )
            pattern, created = ServicePattern.objects.update_or_create(
                name=name,
                defaults={
                    "pattern": service,
                    "single_log_out": True,
                    "single_log_out_callback": "",
                    "user_field": "",
                    "restrict_users": False,
                    "proxy": False,
                    "proxy_callback": False,
                },
            )
            pattern.usernames.all().delete()
            pattern.filters.all().delete()
            pattern.replacements.all().delete()
            # Exactly ATTRIBUTES, each under its own name: drops `*`, renames and strays.
            pattern.attributs.exclude(name__in=ATTRIBUTES, replace="").delete()
            present = set(pattern.attributs.values_list("name", flat=True))
            ReplaceAttributName.objects.bulk_create(
                ReplaceAttributName(name=attribute, replace="", service_pattern=pattern)
                for attribute in ATTRIBUTES
                if attribute not in present
            )

        self.stdout.write(
            f"Service pattern {name!r} {'created' if created else 'updated'}: {service} "
            f"(single logout on, {len(ATTRIBUTES)} attributes released, "
            f"{count} people in the directory)"
        )
