"""Whole public pages cached for anonymous visitors, never shown stale.

A page's cost for a visitor is its template rendering (``base.html`` and the page), not its
queries; ``cached_page`` keeps the rendered HTML in the shared cache, keyed by the address with
its query string, the host, the language, the day, the municipality's details and the versions
of the scopes the page shows (``volunteer_portal.caching``: a change bumps them on commit).

Only a GET or HEAD by an anonymous visitor with no pending messages and no query parameter the
page does not name is served from the cache; only a 200 HTML answer is stored. The one part
of such a page that differs per request is the CSRF token of the language switch: a hit gets
a fresh one (and so the CSRF cookie). No template writes a CSP nonce; one would be replaced
the same way.
"""

import functools
import hashlib
import re

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.decorators import method_decorator

from volunteer_portal import caching
from volunteer_portal.municipality import municipality_get

PAGE_PREFIX = "portal:page:"
COPIED_HEADERS = ("Content-Type", "Content-Language", "Vary")
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


def _fresh_tokens(request, content):
    token = get_token(request).encode()
    content = _CSRF_INPUT.sub(b'name="csrfmiddlewaretoken" value="' + token + b'"', content)
    nonce = getattr(request, "csp_nonce", None)
    if nonce and _NONCE.search(content):
        content = _NONCE.sub(b'nonce="' + str(nonce).encode() + b'"', content)
    return content


def cached_page(scopes=(), query_params=()):
    """Decorate a view: its whole page from the cache for anonymous visitors. ``scopes`` are
    the scopes whose data the page shows (a callable gets the request and the view's keyword
    arguments); ``query_params`` the query parameters the page knows."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request, query_params):
                return view(request, *args, **kwargs)
            page_scopes = list(scopes(request, **kwargs) if callable(scopes) else scopes)
            key = page_key(request, page_scopes)
            stored = cache.get(key)
            if stored is not None:
                response = HttpResponse(_fresh_tokens(request, stored["content"]))
                for name, value in stored["headers"].items():
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            content_type = response.get("Content-Type", "")
            if (
                response.status_code == 200
                and content_type.startswith("text/html")
                and not response.streaming
                and not response.cookies
                and not request.user.is_authenticated
            ):
                headers = {name: response[name] for name in COPIED_HEADERS if name in response}
                value = {"content": response.content, "headers": headers}
                cache.set(key, value, caching.FRAGMENT_SECONDS)
            return response

        return wrapper

    return decorator


def cached_page_view(scopes=(), query_params=()):
    """``cached_page`` for a class-based view's ``dispatch``."""
    return method_decorator(cached_page(scopes, query_params), name="dispatch")
