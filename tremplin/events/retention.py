"""How long registrations, attendance and bookings are kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tremplin.events.models import Booking, Registration
from tremplin.lib.retention import DAY, Rule, Step


def purge_registrations(now: datetime) -> int:
    """Who registered, who came, who booked which slot: gone a year after the event."""
    ended = now - settings.RETENTION_DAYS["event_registration_after_event"] * DAY
    Booking.objects.filter(event__ends_at__lt=ended).delete()
    _total, deleted = Registration.objects.filter(event__ends_at__lt=ended).delete()
    return deleted.get(Registration._meta.label, 0)


RULES = [Rule("event_registrations", purge_registrations, Step.CONTENT)]
