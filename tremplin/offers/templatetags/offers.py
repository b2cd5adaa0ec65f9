"""Template helpers of Stages & Jobs."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from tremplin.lib.markup import sanitize_html
from tremplin.offers.geo import departement_label

register = template.Library()


@register.filter
def sanitized(html: str) -> SafeString:
    """An offer's formatted text. It was sanitised when written; it is again when shown,
    so that no offer written another way (an import, the admin) can carry a script."""
    return sanitize_html(html or "")


@register.filter
def departement(code: str) -> str:
    return departement_label(code)
