"""The .ics of an event, parsed back; the personal feed at a secret, revocable address."""

from __future__ import annotations

import re

import icalendar
from django.urls import reverse

from tremplin.events import services
from tremplin.events.models import Event


def test_the_ics_of_an_event_parses_back(client, alice, make_event):
    event = make_event("Forum des métiers")
    client.force_login(alice)
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    [item] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["summary"]) == "Forum des métiers"
    assert item.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert item.decoded("dtend") == event.ends_at.replace(microsecond=0)
    assert "Hall du campus" in str(item["location"])


def test_the_webinar_link_is_only_for_registered_people(client, alice, gaelle, make_event):
    webinar = make_event(
        "Webinaire CV", kind=Event.Kind.WEBINAR, place="", online_url="https://visio.example/abc"
    )
    services.register(webinar.pk, acting_user=alice)
    client.force_login(gaelle)
    assert (
        "visio.example"
        not in client.get(reverse("events:detail", args=[webinar.pk])).content.decode()
    )
    assert b"visio.example" not in client.get(reverse("events:ics", args=[webinar.pk])).content
    client.force_login(alice)
    assert (
        "visio.example/abc"
        in client.get(reverse("events:detail", args=[webinar.pk])).content.decode()
    )
    assert b"visio.example" in client.get(reverse("events:ics", args=[webinar.pk])).content


def test_the_personal_feed_lists_my_registrations_until_revoked(client, alice, make_event):
    mine = make_event("Mon forum")
    make_event("Autre forum")  # not mine: not in my feed
    services.register(mine.pk, acting_user=alice)
    client.force_login(alice)
    page = client.post(reverse("events:feed_new")).content.decode()
    [token] = re.findall(r"/evenements/agenda/([\w-]+)\.ics", page)

    client.logout()  # a calendar application has no session
    feed = client.get(reverse("events:feed", args=[token]))
    names = [str(e["summary"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")]
    assert names == ["Mon forum"]

    client.force_login(alice)
    client.post(reverse("events:feed_revoke"))
    client.logout()
    assert client.get(reverse("events:feed", args=[token])).status_code == 404


def test_a_new_feed_address_replaces_the_old_one(alice):
    first = services.new_feed(acting_user=alice)
    second = services.new_feed(acting_user=alice)
    assert services.feed_owner(first) is None
    assert services.feed_owner(second) == alice
