"""Events as iCalendar (RFC 5545), with the `icalendar` package: one event's `.ics`, and
a person's feed of the events they are registered to."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from tremplin.events.models import Event

PRODID = "-//Tremplin//Evenements de recrutement//FR"


def _vevent(event: Event, *, with_link: bool) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('//')[-1]}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    item.add("description", strip_tags(event.description).strip())
    item.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
    where = event.place
    if with_link and event.online_url:
        where = f"{where} — {event.online_url}" if where else event.online_url
    if where:
        item.add("location", where)
    item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    return item


def calendar_of(
    events: Iterable[Event], *, linked: set[int] = frozenset(), name: str = ""
) -> bytes:
    """The events as one calendar; the online link only of those in `linked` (the events
    the reader is registered to)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event, with_link=event.pk in linked))
    return cal.to_ical()
