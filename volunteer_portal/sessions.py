"""Sessions that end after a time without activity: shorter for the municipality's own people
(staff, coordinators, administrators: they see citizens' data) than for volunteers and
organisation contacts. Settings ``SESSION_IDLE_SECONDS_MUNICIPAL`` and ``SESSION_IDLE_SECONDS``.

The time of the last request is kept in the session, written at most once a minute so that an
ordinary request costs no extra write. Logging in sets it (``mark_login``, a receiver of
Django's ``user_logged_in``, which allauth's log-in sends too).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import ngettext

LAST_ACTIVITY = "_portal_last_activity"
WRITE_EVERY_SECONDS = 60


def idle_limit_seconds(user):
    if user.is_municipal:
        return settings.SESSION_IDLE_SECONDS_MUNICIPAL
    return settings.SESSION_IDLE_SECONDS


def mark_login(sender, request, user, **kwargs):
    """A fresh log-in starts the idle clock, and is recorded among the person's sessions (for
    "log out everywhere") also where allauth did not log them in (Django admin's form)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LAST_ACTIVITY] = int(time.time())
    logged_in = getattr(request, "user", None) is user and user.is_authenticated
    if logged_in and request.META.get("REMOTE_ADDR") and session.session_key:
        from allauth.usersessions.models import UserSession

        UserSession.objects.create_from_request(request)


class IdleSessionMiddleware:
    """Logs out a person whose last request lies further back than their idle limit, and sends
    them to the log-in page with a message saying why. Goes after the authentication and
    message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.expire(request)
        if response is not None:
            return response
        return self.get_response(request)

    def expire(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        now = int(time.time())
        last = session.get(LAST_ACTIVITY)
        if not isinstance(last, int):
            # A session from before this rule (or one made without logging in): start now.
            session[LAST_ACTIVITY] = now
            return None
        limit = idle_limit_seconds(user)
        if now - last > limit:
            logout(request)
            minutes = max(1, limit // 60)
            messages.info(
                request,
                ngettext(
                    "You were logged out after %(minutes)s minute without activity.",
                    "You were logged out after %(minutes)s minutes without activity.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            target = request.get_full_path() if request.method == "GET" else request.path
            return redirect_to_login(target)
        if now - last >= WRITE_EVERY_SECONDS:
            session[LAST_ACTIVITY] = now
        return None
