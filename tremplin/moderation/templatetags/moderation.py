"""Template helpers of moderation: `{% status_badge obj %}`."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def status_badge(obj) -> SafeString:
    """The object's status as a badge, in the tone its model declares (`status_tone`)."""
    tone = obj.status_tone
    css = f"badge {tone}" if tone else "badge"
    return format_html('<span class="{}">{}</span>', css, obj.get_status_display())
