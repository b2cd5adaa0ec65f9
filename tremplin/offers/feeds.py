"""The Atom feed of the public offers (`Offer.objects.public`): the newest first, for
feed readers and job aggregators. Nothing in it needs a sign-in to read."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from tremplin.lib.markup import sanitize_html
from tremplin.offers.models import Offer

FEED_SIZE = 50


class PublicOffersFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("%(university)s: public internships and jobs") % {
            "university": settings.UNIVERSITY_NAME
        }

    def subtitle(self) -> str:
        return _("Internships and jobs open to everybody, the newest first.")

    def link(self) -> str:
        return reverse("offers:search")

    def feed_url(self) -> str:
        return reverse("offers:feed")

    def items(self):
        return (
            Offer.objects.public()
            .select_related("organisation")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Offer) -> str:
        return f"{item.title} — {item.organisation.name} ({item.city})"

    def item_description(self, item: Offer) -> str:
        return str(sanitize_html(item.description))

    def item_pubdate(self, item: Offer):
        return item.published_at or item.publish_from

    def item_updateddate(self, item: Offer):
        return item.updated_at

    def item_author_name(self, item: Offer) -> str:
        return item.organisation.name

    def item_categories(self, item: Offer) -> list[str]:
        return [str(item.get_kind_display()), str(item.get_domain_display())]
