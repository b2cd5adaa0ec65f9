"""Template helpers of recruitment events."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from tremplin.lib.markup import sanitize_html

register = template.Library()


@register.filter
def sanitized(html: str) -> SafeString:
    """An event's description, sanitised again when shown (as offers' texts are)."""
    return sanitize_html(html or "")
