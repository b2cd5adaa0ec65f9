"""The calendar feed's address is a secret: guessing is limited per client address."""

from __future__ import annotations

from django.urls import reverse

from tremplin.events import views


def test_guessing_feed_addresses_is_limited(client, db, monkeypatch):
    monkeypatch.setattr(views.FEED_LIMIT, "limit", 3)
    answers = [
        client.get(reverse("events:feed", args=[f"guess{n}"])).status_code for n in range(5)
    ]
    assert answers == [404, 404, 404, 429, 429]


def test_wrong_codes_at_the_door_are_limited_per_organiser_and_event(
    client, alice, nina, make_event, monkeypatch
):
    from tremplin.events import services

    monkeypatch.setattr(views.CHECK_IN_LIMIT, "limit", 2)
    event = make_event()
    registration = services.register(event.pk, acting_user=alice)
    client.force_login(nina)
    url = reverse("events:check_in", args=[event.pk])
    assert client.post(url, {"code": "WRONG111"}).status_code == 400
    assert client.post(url, {"code": "WRONG222"}).status_code == 400
    assert client.post(url, {"code": registration.code}).status_code == 429
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_right_codes_are_not_counted(client, alice, bob, gaelle, nina, make_event, monkeypatch):
    from tremplin.events import services

    monkeypatch.setattr(views.CHECK_IN_LIMIT, "limit", 2)
    event = make_event()
    url = reverse("events:check_in", args=[event.pk])
    client.force_login(nina)
    for person in (alice, bob, gaelle):
        code = services.register(event.pk, acting_user=person).code
        assert client.post(url, {"code": code}).status_code == 200
