"""Login throttling with django-axes: who a failed log-in is counted against, and the page a
locked-out client sees. The counts live in the database (axes' database handler), so every
worker and app server sees the same; the settings are in settings.py, part A of issue #12."""

from django.conf import settings
from django.shortcuts import render


def login_name(request, credentials):
    """The account a log-in attempt names, the same however it is typed: allauth's form
    passes ``email``, Django admin's ``username``; a form posted without credentials reaching
    ``authenticate`` is read from its ``login`` or ``username`` field. An unknown address is
    counted like a known one, so a lockout tells nobody whether an account exists."""
    name = None
    for key in ("email", "username", "login"):
        if credentials and credentials.get(key):
            name = credentials[key]
            break
    if name is None and request is not None:
        data = getattr(request, "POST", {})
        name = data.get("login") or data.get("username") or data.get("email")
    if not isinstance(name, str):
        return None
    # Kept to what the attempts table holds (NUL is refused by PostgreSQL).
    return name.replace("\x00", "").strip().lower()[:255] or None


def lockout_minutes():
    """The cool-off in whole minutes. Every attempt while locked starts it again, so this is
    also the wait from now."""
    return settings.LOGIN_LOCKOUT_MINUTES


def lockout_response(request, credentials=None, *args, **kwargs):
    """The answer to a log-in while locked (the right password included): a page saying why
    and how long to wait, with status 429."""
    return render(
        request,
        "account/lockout.html",
        {"minutes": lockout_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
