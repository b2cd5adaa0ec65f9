"""How long applications are kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tremplin.lib.retention import DAY, Rule, Step
from tremplin.offers.models import Application, Offer


def purge_applications(now: datetime) -> int:
    """Applications and their CVs serve one recruitment: gone a year after the offer closed."""
    closed = now - settings.RETENTION_DAYS["application_after_offer"] * DAY
    old = Application.objects.filter(
        offer__status__in=[Offer.Status.EXPIRED, Offer.Status.FILLED, Offer.Status.ARCHIVED],
        offer__updated_at__lt=closed,
    )
    count = 0
    for application in old:
        application.cv.delete(save=False)
        application.delete()
        count += 1
    return count


RULES = [
    Rule("applications", purge_applications, Step.CONTENT),
]
