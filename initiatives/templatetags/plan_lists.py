"""Initiatives named by their numbers in a sentence: "Served by initiatives 1, 3 and 4".

The plan page lists its initiatives once; elsewhere on the page (the goals, the overall
progress) they are referred to by number, linked to the initiative on the same page.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

register = template.Library()


def _join(items):
    """'1', '1 and 3', '1, 3 and 4' in the page's language; ``items`` are safe HTML."""
    items = list(items)
    if len(items) < 2:
        return mark_safe("".join(items))  # noqa: S308 (each item is escaped already)
    pattern = conditional_escape(pgettext("the last two items of a list", "%(items)s and %(last)s"))
    return mark_safe(pattern % {"items": ", ".join(items[:-1]), "last": items[-1]})  # noqa: S308


@register.filter
def initiative_numbers(initiatives):
    """``{{ initiatives|initiative_numbers }}``: their numbers as a list in words."""
    return _join(format_html("{}", i.number) for i in initiatives)


@register.filter
def linked_initiative_numbers(initiatives):
    """Like ``initiative_numbers``, each number linked to the initiative on the plan page."""
    return _join(format_html('<a href="#initiative-{0}">{0}</a>', i.number) for i in initiatives)
