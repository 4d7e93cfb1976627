"""The project's URLs plus one bare view, so that the benchmark measures Django's own limit
through the same middleware as every page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from volunteer_portal.urls import handler403, handler404, handler500  # noqa: F401
from volunteer_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """No query, no template: what a request costs in Django and the middleware alone."""
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def bare_user(request):
    """The same for a logged-in user: what the session, the user and the second factor cost
    before any page of theirs is built, the ceiling of every page that needs a login."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/bare-user/", bare_user, name="bench-bare-user"),
    *portal_urlpatterns,
]
