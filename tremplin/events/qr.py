"""The QR code of a registration: the address of the event's check-in page with the
registration's code, so that an organiser's phone camera opens it ready to confirm (and
the code, printed under it, can be typed instead)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse

from tremplin.events.models import Registration


def check_in_url(registration: Registration) -> str:
    path = reverse("events:check_in", args=[registration.event_id])
    return f"{settings.SITE_URL}{path}?code={registration.code}"


def qr_data_uri(registration: Registration) -> str:
    """A PNG data URI (allowed by the site's img-src, and shown by most mail clients)."""
    return segno.make(check_in_url(registration), error="m").png_data_uri(scale=5, border=2)
