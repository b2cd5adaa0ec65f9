"""A public event as a schema.org Event, for search engines.

The JSON-LD goes in a `<script type="application/ld+json">`: data, never executed, so the
site's `script-src 'self'` policy leaves it alone (as the offers' JobPosting). `<`, `>` and
`&` are escaped as JSON unicode escapes, so no text of the event can close the element.
"""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from tremplin.events.models import Event

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
SCHEMA = "https://schema.org/"


def event_data(event: Event, url: str) -> dict:
    online = bool(event.online_url) and not event.place
    if online:
        mode = "OnlineEventAttendanceMode"
        location = {"@type": "VirtualLocation", "url": url}  # the link is for registered people
    else:
        mode = "MixedEventAttendanceMode" if event.online_url else "OfflineEventAttendanceMode"
        location = {"@type": "Place", "name": event.place, "address": event.place}
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "description": strip_tags(event.description).strip()[:5000],
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": SCHEMA
        + ("EventCancelled" if event.status == Event.Status.CANCELLED else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + mode,
        "location": location,
        "url": url,
        "isAccessibleForFree": True,
        "maximumAttendeeCapacity": event.capacity,
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "validFrom": timezone.localtime(event.registration_opens_at).isoformat(),
            "availability": SCHEMA + "InStock",
        },
    }
    if event.organisation is not None:
        data["organizer"] = {"@type": "Organization", "name": event.organisation.name}
    return data


def script_data(data: dict) -> SafeString:
    """JSON safe to put between `<script type="application/ld+json">` and `</script>`."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
