"""How long applications are kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tremplin.lib.retention import DAY, Rule, Step
from tremplin.offers.models import Application, Offer


def purge_applications(now: datetime) -> int:
    """Applications and their CVs serve one recruitment: gone a year after the offer closed.
    The CVs go with them (see `tremplin.lib.files.delete_files_with_rows`)."""
    closed = now - settings.RETENTION_DAYS["application_after_offer"] * DAY
    _total, deleted = Application.objects.filter(
        offer__status__in=[Offer.Status.EXPIRED, Offer.Status.FILLED, Offer.Status.ARCHIVED],
        offer__updated_at__lt=closed,
    ).delete()
    return deleted.get(Application._meta.label, 0)


RULES = [
    Rule("applications", purge_applications, Step.CONTENT),
]
