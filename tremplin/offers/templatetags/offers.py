"""Template helpers of Stages & Jobs."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from tremplin.lib.markup import sanitize_html
from tremplin.offers.geo import departement_label
from tremplin.offers.models import Offer

register = template.Library()


@register.filter
def sanitized(html: str) -> SafeString:
    """An offer's formatted text. It was sanitised when written; it is again when shown,
    so that no offer written another way (an import, the admin) can carry a script."""
    return sanitize_html(html or "")


@register.filter
def departement(code: str) -> str:
    return departement_label(code)


@register.filter
def badges(offer) -> list[str]:
    """An offer's tags in a list of results: type, remote work, duration, start.

    Built here rather than in the template: a page shows twenty offers, and these few
    lines of Python replace a hundred template nodes.
    """
    # The enums' labels: get_kind_display() rebuilds a dict of every choice at each call.
    labels = [str(Offer.Kind(offer.kind).label)]
    if offer.remote != Offer.Remote.NONE:
        labels.append(str(Offer.Remote(offer.remote).label))
    if offer.duration_months:
        months = offer.duration_months
        labels.append(
            ngettext("%(months)s month", "%(months)s months", months) % {"months": months}
        )
    if offer.start_date:
        labels.append(
            gettext("from %(date)s") % {"date": date_format(offer.start_date, "SHORT_DATE_FORMAT")}
        )
    return labels


@register.filter
def published_on(offer) -> str:
    return gettext("Published on %(date)s") % {
        "date": date_format(localtime(offer.published_at), "DATE_FORMAT")
    }


@register.filter
def description_summary(offer) -> str:
    """The offer in a sentence or two, for the page's meta description: who, where, what
    (search engines show about 155 characters)."""
    text = " ".join(strip_tags(sanitize_html(offer.description)).split())
    lead = f"{offer.get_kind_display()} · {offer.organisation.name} · {offer.city}. "
    return Truncator(lead + text).chars(155)
