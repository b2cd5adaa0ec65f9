"""How long applications are kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tremplin.lib.retention import DAY, Rule, Step
from tremplin.offers.models import Application, Offer


def purge_applications(now: datetime) -> int:
    """Applications and their CVs serve one recruitment: gone a year after the offer was
    last changed while out of the search, whatever the state it was left in — expired,
    filled, archived, rejected, or back in moderation or in draft and never published
    again. A published offer keeps its applications. The CVs go with them (see
    `tremplin.lib.files.delete_files_with_rows`)."""
    left = now - settings.RETENTION_DAYS["application_after_offer"] * DAY
    _total, deleted = (
        Application.objects.exclude(offer__status=Offer.Status.PUBLISHED)
        .filter(offer__updated_at__lt=left)
        .delete()
    )
    return deleted.get(Application._meta.label, 0)


RULES = [
    Rule("applications", purge_applications, Step.CONTENT),
]
