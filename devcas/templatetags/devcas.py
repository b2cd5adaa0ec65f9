"""`{% fr_en "Texte" "Text" %}`: the development ENT's two languages, without message files."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def fr_en(french: str, english: str) -> str:
    return english if (get_language() or "").startswith("en") else french
