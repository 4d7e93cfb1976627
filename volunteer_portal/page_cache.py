"""Whole public pages cached for anonymous visitors, never shown stale.

A page's cost for a visitor is its template rendering (``base.html`` and the page), not its
queries; ``cached_page`` keeps the rendered HTML in the shared cache, keyed by the address with
its query string, the host, the language, the day, the municipality's details and the versions
of the scopes the page shows (``volunteer_portal.caching``: a change bumps them on commit).

Only a GET or HEAD by an anonymous visitor with no pending messages and no query parameter the
page does not name is served from the cache; only a 200 answer of a type in ``CACHED_TYPES``
(HTML, and the public feeds and exports) that holds nothing of one request (no CSRF token, no
CSP nonce: a visitor's language switch needs none, see ``views.set_language``) is stored. It is
stored compressed, and a hit goes out as stored to a client that takes gzip (every browser), so
a hit costs the two cache reads and no rendering nor compressing.

What changes with time alone (an offered place that lapses) cannot bump a version: such a page
names the moment it goes stale (``expires``) and is not served from then on.
"""

import functools
import gzip
import hashlib
import re

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.text import compress_string

from volunteer_portal import caching
from volunteer_portal.municipality import municipality_get

PAGE_PREFIX = "portal:page:gz:"
COPIED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Vary")
CACHED_TYPES = (
    "text/html",
    "text/csv",
    "text/calendar",
    "application/atom+xml",
    "application/json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
_NONCE = re.compile(rb'nonce="[^"]*"')


def _municipality_fingerprint():
    """What the header and footer show of the municipality: each process reads it from its
    own local cache, so a page rendered with other details is another page."""
    municipality = municipality_get()
    fields = sorted(
        (key, str(value))
        for key, value in vars(municipality).items()
        if not key.startswith("_") and key != "logo"
    )
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:16]


def _cacheable_request(request, query_params):
    if request.method not in ("GET", "HEAD"):
        return False
    if any(name not in query_params for name in request.GET):
        return False
    if request.user.is_authenticated:
        return False
    # Counting does not consume them: they are still shown on the rendered page.
    return len(messages.get_messages(request)) == 0


def page_key(request, scopes):
    versions = caching._versions(scopes)
    raw = "|".join(
        [
            request.get_host(),
            request.scheme,
            request.get_full_path(),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            _municipality_fingerprint(),
            *scopes,
            *versions,
        ]
    )
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request, response):
    content_type = response.get("Content-Type", "")
    return (
        response.status_code == 200
        and content_type.startswith(CACHED_TYPES)
        and not response.streaming
        and not response.cookies
        and not request.user.is_authenticated
        and not response.has_header("Content-Encoding")
        and not _CSRF_INPUT.search(response.content)
        and not _NONCE.search(response.content)
    )


def _stored_response(request, stored):
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(stored["gzip"])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(stored["gzip"]))
    for name, value in stored["headers"].items():
        response[name] = value
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def cached_page(scopes=(), query_params=(), expires=None):
    """Decorate a view: its whole page from the cache for anonymous visitors. ``scopes`` are
    the scopes whose data the page shows (a callable gets the request and the view's keyword
    arguments); ``query_params`` the query parameters the page knows; ``expires`` (called
    with no argument when the page is stored) the moment the page goes stale by itself, or
    None."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request, query_params):
                return view(request, *args, **kwargs)
            page_scopes = list(scopes(request, **kwargs) if callable(scopes) else scopes)
            key = page_key(request, page_scopes)
            stored = cache.get(key)
            if stored is not None and (stored["until"] is None or timezone.now() < stored["until"]):
                return _stored_response(request, stored)
            # Read before the page: a place lapsing while it renders is still in the window.
            until = expires() if expires else None
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if _storable(request, response):
                headers = {name: response[name] for name in COPIED_HEADERS if name in response}
                value = {"gzip": compress_string(response.content), "headers": headers}
                value["until"] = until
                cache.set(key, value, caching.FRAGMENT_SECONDS)
            return response

        return wrapper

    return decorator


def cached_page_view(scopes=(), query_params=(), expires=None):
    """``cached_page`` for a class-based view's ``dispatch``."""
    return method_decorator(cached_page(scopes, query_params, expires), name="dispatch")


def filter_params(filterset_class):
    """The query parameters of a filtered, paged list."""
    return [*filterset_class.base_filters, "page"]
