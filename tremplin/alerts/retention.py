"""How long the alerts remember what they sent (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from tremplin.lib.retention import DAY, Rule, Step
from tremplin.offers.forms import MAX_WINDOW_DAYS

# What an alert sent is remembered so that it never sends it again: as long as the offer
# may still be published. An offer is published for MAX_WINDOW_DAYS days at most, and an
# expired offer is never published again; a month more, for good measure.
KEPT_DAYS = MAX_WINDOW_DAYS + 30


def purge_alert_mails(now: datetime) -> int:
    """The alert mails (and the offers they named) older than KEPT_DAYS days."""
    from tremplin.alerts.models import Digest

    # A digest's day is a local day: the cut-off too (near midnight, UTC's is another).
    cutoff = timezone.localdate(now - KEPT_DAYS * DAY)
    _total, deleted = Digest.objects.filter(day__lt=cutoff).delete()
    return deleted.get(Digest._meta.label, 0)


RULES = [Rule("alert_mails", purge_alert_mails, Step.CONTENT)]
