"""Marking the municipality's own texts as Danish (WCAG 3.1.2, language of parts).

What the municipality types (plans, initiatives, organisations, its own name and texts) is
written in Danish whatever the page's language. Whole elements carry ``lang="da"`` in the
templates; this filter is for such a text inside a translated sentence.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

CONTENT_LANGUAGE = "da"


@register.filter
def danish(value):
    """``{{ plan|danish }}``: the value, escaped, in a ``<span lang="da">``."""
    if value in (None, ""):
        return ""
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, value)
