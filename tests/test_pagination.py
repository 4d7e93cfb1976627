"""The shared pagination bar: the pages around the current one and the ends, never every
page, and accessible (a labelled nav, the current page marked, the gaps not links)."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from volunteer_portal.pagination import page_links


def bar(number, pages=116, query=""):
    page = Paginator(range(pages * 25), 25).get_page(number)
    request = RequestFactory().get(f"/organisations/?{query}")
    return render_to_string("partials/_pagination.html", {"page_obj": page}, request=request)


def linked_pages(html):
    return [int(n) for n in re.findall(r'href="\?(?:[^"]*&amp;)?page=(\d+)"[^>]*>\d+<', html)]


def test_a_long_list_links_the_neighbours_and_the_ends_only():
    html = bar(60)
    assert linked_pages(html) == [1, 58, 59, 60, 61, 62, 116]
    assert html.count("…") == 2
    assert not re.search(r"<a[^>]*>…</a>", html), "a gap is not a link"


def test_the_current_page_is_marked_and_previous_and_next_are_there():
    html = bar(60)
    assert re.search(r'page=60" aria-current="page">60</a>', html)
    assert html.count('aria-current="page"') == 1
    assert 'page=59" rel="prev"' in html
    assert 'page=61" rel="next"' in html
    assert re.search(r'<nav aria-label="[^"]+">', html)


def test_the_first_page_has_no_previous_and_the_last_no_next():
    assert 'rel="prev"' not in bar(1)
    assert 'rel="next"' not in bar(116)
    assert linked_pages(bar(1)) == [1, 2, 3, 116]


def test_the_links_keep_the_filters():
    assert 'href="?q=kors&amp;page=61"' in bar(60, query="q=kors&page=60")


@pytest.mark.parametrize("pages", [2, 5, 6])
def test_a_short_list_links_every_page(pages):
    assert linked_pages(bar(1, pages=pages)) == list(range(1, pages + 1))
    assert "…" not in bar(1, pages=pages)


def test_a_single_page_has_no_bar():
    assert "<nav" not in bar(1, pages=1)


def test_page_links_are_those_of_the_paginator():
    page = Paginator(range(116 * 25), 25).get_page(60)
    links = page_links(page)
    assert links[0] == 1 and links[-1] == 116
    assert links.count(Paginator.ELLIPSIS) == 2
