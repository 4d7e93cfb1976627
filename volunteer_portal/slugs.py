"""Short names in addresses (slugs) that the portal's own pages already use.

A plan lives at /plans/<slug>/ beside fixed pages such as /plans/new/ and /plans/overview/,
and an organisation at /organisations/<slug>/ beside /organisations/my-units/. A plan or an
organisation with such a slug could never be reached: the fixed page wins. The fixed words are
read from the app's URL patterns, so a page added there is refused as a slug at once.
"""

import functools
from importlib import import_module

from django.core.exceptions import ValidationError
from django.urls.resolvers import RoutePattern
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@functools.cache
def fixed_first_segments(urlconf):
    """The fixed first parts of the addresses in the module ``urlconf``: "new" of "new/",
    not "<slug:slug>" of "<slug:slug>/edit/"."""
    segments = set()
    for entry in import_module(urlconf).urlpatterns:
        # A regular expression (re_path) cannot be read this way: refuse it rather than miss it.
        if not isinstance(entry.pattern, RoutePattern):
            raise TypeError(f"{urlconf}: only path() patterns can be checked for fixed words")
        first = str(entry.pattern).split("/", 1)[0]
        if first and "<" not in first:
            segments.add(first.lower())
    return frozenset(segments)


def is_portal_address(slug, urlconf):
    """Whether ``slug`` is one of the fixed first parts of the addresses in ``urlconf``."""
    return slug.lower() in fixed_first_segments(urlconf)


@deconstructible
class NotAPortalAddress:
    """Refuses a slug that names a fixed page of the app whose URL patterns are ``urlconf``.

    The patterns are read when a value is checked, not when the models load: the URL modules
    import the views, which import the models.
    """

    message = _("“%(slug)s” is already used by the portal. Choose another short name.")
    code = "reserved_slug"

    def __init__(self, urlconf):
        self.urlconf = urlconf

    def __call__(self, value):
        if is_portal_address(value, self.urlconf):
            raise ValidationError(self.message, code=self.code, params={"slug": value})

    def __eq__(self, other):
        return isinstance(other, NotAPortalAddress) and other.urlconf == self.urlconf

    def __hash__(self):
        return hash(self.urlconf)
