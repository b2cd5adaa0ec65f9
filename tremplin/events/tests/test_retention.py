"""Registrations, attendance and bookings are deleted a year after the event."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tremplin.events import services
from tremplin.events.models import Registration
from tremplin.lib import retention


def test_registrations_go_a_year_after_the_event(alice, make_event):
    recent, old = make_event("Forum récent"), make_event("Forum ancien")
    for event in (recent, old):
        services.register(event.pk, acting_user=alice)
    long_ago = timezone.now() - timedelta(days=400)
    old.starts_at, old.ends_at = long_ago, long_ago + timedelta(hours=3)
    old.registration_opens_at = old.registration_closes_at = long_ago - timedelta(days=1)
    old.save()

    summary = retention.purge(timezone.now())

    assert summary["event_registrations"] == 1
    assert list(Registration.objects.values_list("event__title", flat=True)) == ["Forum récent"]
    assert retention.purge(timezone.now())["event_registrations"] == 0
