"""Logged-in sessions for the benchmarks: a cookie that wrk (or a test client) can send."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import load_backend, login
from django.http import HttpRequest

from volunteer_portal.mfa_sessions import mark_second_factor_used


def _backend_path():
    # The first backend that can load a user, as the test client's force_login picks it.
    for path in settings.AUTHENTICATION_BACKENDS:
        if hasattr(load_backend(path), "get_user"):
            return path
    raise LookupError("no authentication backend can load a user")


def session_cookie(user):
    """A new database session logged in as ``user`` (the way the test client's force_login
    logs in, signals included), a municipal user with their second factor used. Returns the
    cookie as (name, value)."""
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, _backend_path())
    mark_second_factor_used(request.session, user)
    request.session.save()
    return settings.SESSION_COOKIE_NAME, request.session.session_key
