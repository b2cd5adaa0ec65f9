"""The sitemap: an index (`/sitemap.xml`, which `robots.txt` points at) of two sections,
the pages anyone may read without signing in (`/sitemap-pages.xml`) and the public offers
(`Offer.objects.public`, `/sitemap-offers.xml`, paged: `?p=2`…), each page listed in the
index."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from tremplin.accounts.models import LegalDocument
from tremplin.offers.models import Offer
from tremplin.pages.views import HELP_AUDIENCES


class PublicPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[tuple[str, dict]]:
        return [
            ("pages:home", {}),
            ("offers:search", {}),
            ("pages:help_index", {}),
            *(("pages:help", {"audience": audience}) for audience in HELP_AUDIENCES),
            *(
                (f"pages:{kind}", {})
                for kind in LegalDocument.Kind.values
                if LegalDocument.objects.current(kind) is not None
            ),
        ]

    def location(self, item: tuple[str, dict]) -> str:
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


class PublicOffersSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000  # offers per page of the sitemap (the protocol allows 50,000)

    def items(self):
        return Offer.objects.public().order_by("-published_at", "-pk").only("pk", "updated_at")

    def lastmod(self, offer: Offer):
        return offer.updated_at


SITEMAPS = {"pages": PublicPagesSitemap, "offers": PublicOffersSitemap}
