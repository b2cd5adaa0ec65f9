"""The sitemap index pages the public offers (tremplin/pages/sitemaps.py); what each
part lists is tested with the public offers (offers/tests/test_public_offers.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tremplin.offers.tests.conftest import biolab, make_offer  # noqa: F401 (fixtures)
from tremplin.offers.tests.test_public_offers import sitemap_locations
from tremplin.pages.sitemaps import PublicOffersSitemap

pytestmark = pytest.mark.django_db


def test_the_sitemap_index_lists_every_page_of_the_offers(client, make_offer, monkeypatch):  # noqa: F811
    monkeypatch.setattr(PublicOffersSitemap, "limit", 2)
    made = [make_offer(f"Stage public {n}", public=True) for n in range(5)]
    index = client.get(reverse("pages:sitemap")).content.decode()
    assert "/sitemap-offers.xml?p=3</loc>" in index
    locations = sitemap_locations(client)
    assert {f"http://testserver{o.get_absolute_url()}" for o in made} <= locations
