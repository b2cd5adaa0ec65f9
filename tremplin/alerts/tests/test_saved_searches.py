"""Searches saved by name from the search page, with their alert; nobody else's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tremplin.alerts.models import SavedSearch

pytestmark = pytest.mark.django_db


def save(client, name="Stages à Clermont", query="type=stage&departement=63&page=3", **more):
    return client.post(
        reverse("alerts:save_search"),
        {"name": name, "query": query, "frequency": "daily", **more},
    )


def test_alice_saves_the_search_she_made(client, alice, biolab):
    client.force_login(alice)
    page = client.get(reverse("offers:search"), {"type": "stage"}).content.decode()
    assert 'action="/compte/alertes/recherches/"' in page and 'value="type=stage"' in page
    response = save(client)
    search = SavedSearch.objects.get(user=alice)
    assert search.query == "type=stage&departement=63"  # no page
    assert response["Location"] == "/offres/?type=stage&departement=63"
    assert (search.kinds, search.departement, search.frequency) == (["stage"], "63", "daily")
    page = client.get(reverse("alerts:settings")).content.decode()
    assert "Stages à Clermont" in page


def test_nonsense_in_the_query_is_dropped(client, alice):
    client.force_login(alice)
    save(client, query="type=nope&max_duration=abc&departement=75&organisation=99999")
    search = SavedSearch.objects.get()
    assert search.kinds == [] and search.max_duration is None
    assert search.departement == "75" and search.organisation_id is None


def test_saving_under_the_same_name_replaces(client, alice):
    client.force_login(alice)
    save(client, query="type=stage")
    save(client, query="type=cdi")
    assert list(SavedSearch.objects.values_list("kinds", flat=True)) == [["cdi"]]


def test_a_name_is_needed(client, alice):
    client.force_login(alice)
    save(client, name="  ")
    assert not SavedSearch.objects.exists()


def test_twenty_at_most(client, alice):
    client.force_login(alice)
    for n in range(20):
        save(client, name=f"Recherche {n}")
    save(client, name="Une de trop")
    assert SavedSearch.objects.count() == 20


def test_her_alert_and_her_search_are_hers_alone(client, alice, bob):
    client.force_login(alice)
    save(client)
    search = SavedSearch.objects.get()
    client.force_login(bob)
    url = reverse("alerts:search_alert", args=[search.pk])
    assert client.post(url, {"frequency": ""}).status_code == 404
    assert client.post(reverse("alerts:delete_search", args=[search.pk])).status_code == 404
    client.force_login(alice)
    client.post(url, {"frequency": "weekly"})
    assert SavedSearch.objects.get().frequency == "weekly"
    client.post(reverse("alerts:delete_search", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_the_profile_alert_is_set_from_the_settings(client, alice):
    client.force_login(alice)
    client.post(reverse("alerts:profile_alert"), {"frequency": "weekly"})
    assert alice.search_profile.alert_frequency == "weekly"
