"""Candidates keep favourites among the offers aimed at them."""

import pytest
from django.urls import reverse

from tremplin import testing
from tremplin.offers.models import Favourite, Offer

pytestmark = pytest.mark.django_db


def toggle(client, offer, on: bool, next: str = "", **headers):
    data = {"favourite": "on" if on else "off"}
    if next:
        data["next"] = next
    return client.post(reverse("offers:favourite", args=[offer.pk]), data, **headers)


def test_alice_keeps_an_offer_in_her_favourites_and_removes_it(client, alice, make_offer):
    offer = make_offer("Stage chimiste")
    client.force_login(alice)
    response = toggle(client, offer, True)
    assert response["Location"] == reverse("offers:detail", args=[offer.pk])
    assert Favourite.objects.filter(user=alice, offer=offer).exists()
    page = client.get(reverse("offers:favourites")).content.decode()
    assert "Stage chimiste" in page
    assert "dans mes favoris" in client.get(reverse("offers:search")).content.decode()

    toggle(client, offer, False)
    assert not Favourite.objects.exists()
    toggle(client, offer, False)  # twice: still nothing, no error
    assert not Favourite.objects.exists()


def test_adding_twice_keeps_one_favourite(client, alice, make_offer):
    offer = make_offer()
    client.force_login(alice)
    toggle(client, offer, True)
    toggle(client, offer, True)
    assert Favourite.objects.count() == 1


def test_htmx_swaps_the_button(client, alice, make_offer):
    offer = make_offer()
    client.force_login(alice)
    page = toggle(client, offer, True, HTTP_HX_REQUEST="true").content.decode()
    assert page.startswith("<form")
    assert "Retirer de mes favoris" in page and 'value="off"' in page


def test_an_offer_not_aimed_at_her_cannot_be_kept(client, alice, make_offer, drt):
    offer = make_offer("Stage DRT", composantes=[drt])
    client.force_login(alice)
    assert toggle(client, offer, True).status_code == 404
    assert not Favourite.objects.exists()


def test_a_favourite_no_longer_published_stays_listed_and_can_be_removed(
    client, alice, make_offer
):
    offer = make_offer("Stage pourvu")
    Favourite.objects.create(user=alice, offer=offer)
    offer.status = Offer.Status.FILLED
    offer.save()
    client.force_login(alice)
    page = client.get(reverse("offers:favourites")).content.decode()
    assert "Stage pourvu" in page and "n’est plus publiée" in page
    assert f'href="/offres/{offer.pk}/"' not in page
    response = toggle(client, offer, False, next=reverse("offers:favourites"))
    assert response["Location"] == reverse("offers:favourites")
    assert not Favourite.objects.exists()


def test_favourites_are_personal(client, alice, gaelle, make_offer):
    Favourite.objects.create(user=alice, offer=make_offer("Stage d’Alice"))
    client.force_login(gaelle)
    assert "Stage d’Alice" not in client.get(reverse("offers:favourites")).content.decode()


def test_recruiters_have_no_favourites(client, sophie, make_offer):
    client.force_login(sophie)
    assert toggle(client, make_offer(), True).status_code == 404
    assert client.get(reverse("offers:favourites")).status_code == 404


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_an_off_site_next_leads_back_to_the_offer(client, alice, make_offer, next_url):
    offer = make_offer()
    client.force_login(alice)

    response = toggle(client, offer, True, next=next_url)

    assert response.status_code == 302
    assert response["Location"] == reverse("offers:detail", args=[offer.pk])
