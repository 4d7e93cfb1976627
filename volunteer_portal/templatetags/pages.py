"""The pagination bar's page numbers (``partials/_pagination.html``)."""

from django import template

from volunteer_portal.pagination import page_links as _page_links

register = template.Library()


@register.simple_tag
def page_links(page_obj):
    """``{% page_links page_obj as numbers %}``: the numbers to link, with the paginator's
    ellipsis (a string, never a number) for each gap."""
    return _page_links(page_obj)
