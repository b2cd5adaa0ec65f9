"""The public listing: open events for anybody, the others for the people they are aimed
at; past events archived; schema.org Event on public pages."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tremplin.events.models import Event


def test_anonymous_visitors_see_the_events_open_to_everyone_only(client, sci, make_event):
    make_event("Forum pour tous")
    targeted = make_event("Job dating SCI", composantes=[sci])
    page = client.get(reverse("events:listing")).content.decode()
    assert "Forum pour tous" in page and "Job dating SCI" not in page
    assert 'href="/evenements/"' in page  # the main menu
    response = client.get(reverse("events:detail", args=[targeted.pk]))
    assert response.status_code == 302 and "/compte/login/" in response.url


def test_students_see_the_events_aimed_at_them(client, alice, bob, sci, make_event):
    make_event("Forum pour tous")
    targeted = make_event("Job dating SCI", composantes=[sci])
    make_event("Forum en attente", status=Event.Status.SUBMITTED)
    client.force_login(alice)
    page = client.get(reverse("events:listing")).content.decode()
    assert "Forum pour tous" in page and "Job dating SCI" in page
    assert "Forum en attente" not in page
    client.force_login(bob)
    page = client.get(reverse("events:listing")).content.decode()
    assert "Job dating SCI" not in page
    assert client.get(reverse("events:detail", args=[targeted.pk])).status_code == 404


def test_past_events_are_archived(client, make_event):
    now = timezone.now()
    make_event(
        "Forum 2025",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30, hours=-4),
        registration_opens_at=now - timedelta(days=60),
        registration_closes_at=now - timedelta(days=31),
    )
    make_event("Forum 2026")
    assert "Forum 2025" not in client.get(reverse("events:listing")).content.decode()
    archive = client.get(reverse("events:archive")).content.decode()
    assert "Forum 2025" in archive and "Forum 2026" not in archive


def test_a_public_event_page_carries_schema_org_event(client, sci, make_event):
    event = make_event("Forum </script><script>alert(1)</script>")
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert "</script><script>" not in raw
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == timezone.localtime(event.starts_at).isoformat()
    assert data["location"]["name"] == "Hall du campus des Cézeaux"

    targeted = make_event("Job dating SCI", composantes=[sci])
    from tremplin import testing

    client.force_login(testing.student("alice.martin"))
    page = client.get(reverse("events:detail", args=[targeted.pk])).content.decode()
    assert "application/ld+json" not in page  # not a public page


def test_register_in_one_click_from_the_page(client, alice, make_event):
    event = make_event()
    client.force_login(alice)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert f'action="{reverse("events:register", args=[event.pk])}"' in page
    page = client.post(reverse("events:register", args=[event.pk]), follow=True).content.decode()
    assert "Vous êtes inscrit·e. Une confirmation vous est envoyée." in page


def test_the_listing_says_where_i_am_registered_or_waiting(client, alice, bob, make_event):
    full = make_event("Forum complet", capacity=1)
    from tremplin.events import services

    services.register(full.pk, acting_user=bob)
    services.register(full.pk, acting_user=alice)
    client.force_login(alice)
    assert "En liste d’attente" in client.get(reverse("events:listing")).content.decode()
    client.force_login(bob)
    assert ">Inscrit</span>" in client.get(reverse("events:listing")).content.decode()
