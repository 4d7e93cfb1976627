"""Rate limits counted in the database, so that every worker process and every app server sees
the same count (Django's default cache is one per process, and the portal needs no cache
server).

A limit is a fixed window: at most ``limit`` uses of an ``action`` per ``key`` in each
``period`` (seconds). Each (action, key, window) is one row of ``RateLimitHit``; a use inserts
the row or raises its count with one conditional UPDATE, which the database serialises (a row
lock on PostgreSQL, the write lock on SQLite), so two processes can never both take the last
use. Keys are stored as keyed hashes: the table holds no address in the clear.

The client's address comes from ``client_ip``, which trusts ``X-Forwarded-For`` only as far as
``settings.TRUSTED_PROXY_COUNT`` says there are proxies of our own in front of the portal.
Login throttling (django-axes) and the record of sessions use the same function.
"""

import dataclasses
import datetime
import hashlib
import hmac
import ipaddress
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104  (a request without one: a test, the shell)


def client_ip(request):
    """The address of the client that sent ``request``.

    Without trusted proxies (``TRUSTED_PROXY_COUNT = 0``, the default) it is the connection's
    own address: a client can write anything into ``X-Forwarded-For``. Behind N proxies of our
    own, each appends the address it was reached from, so the N-th entry from the right is the
    one the first of our proxies saw; entries further left were written by the client.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    address = None
    if count > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            address = forwarded[-count]
    address = address or request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return UNKNOWN_ADDRESS


def _hashed(key):
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ratelimit:{key}".encode(), hashlib.sha256
    ).hexdigest()


@dataclasses.dataclass(frozen=True)
class Verdict:
    """The answer of ``consume``: true when the use was allowed."""

    allowed: bool
    retry_after: datetime.timedelta

    def __bool__(self):
        return self.allowed

    @property
    def minutes(self):
        """Whole minutes until the window ends (at least one)."""
        return max(1, math.ceil(self.retry_after.total_seconds() / 60))

    def message(self):
        """The Danish (or English) explanation of a refusal, with the wait."""
        return ngettext(
            "You have tried this too many times. Try again in %(minutes)s minute.",
            "You have tried this too many times. Try again in %(minutes)s minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}


def consume(key, action, limit, period):
    """Count one use of ``action`` by ``key`` (an address, an account, an e-mail address) and
    say whether it is within ``limit`` uses per ``period`` seconds. A refused use is not
    counted. Rows of windows that have ended are deleted on the way."""
    from volunteer_portal.models import RateLimitHit

    now = timezone.now()
    epoch = int(now.timestamp())
    start = datetime.datetime.fromtimestamp(epoch - epoch % period, tz=datetime.UTC)
    expires = start + datetime.timedelta(seconds=period)
    retry_after = expires - now
    if limit <= 0:
        return Verdict(allowed=False, retry_after=retry_after)
    hashed = _hashed(key)
    rows = RateLimitHit.objects.filter(action=action, key=hashed, window_start=start)
    with transaction.atomic():
        RateLimitHit.objects.filter(expires_at__lte=now).delete()
        if rows.filter(count__lt=limit).update(count=F("count") + 1):
            return Verdict(allowed=True, retry_after=retry_after)
        if rows.exists():
            return Verdict(allowed=False, retry_after=retry_after)
        try:
            with transaction.atomic():
                RateLimitHit.objects.create(
                    action=action, key=hashed, window_start=start, expires_at=expires, count=1
                )
        except IntegrityError:
            # Another process made the row just now: count on it.
            allowed = bool(rows.filter(count__lt=limit).update(count=F("count") + 1))
            return Verdict(allowed=allowed, retry_after=retry_after)
    return Verdict(allowed=True, retry_after=retry_after)


def limits(name):
    """The (limit, period) pairs of the limit ``name`` in ``settings.PORTAL_RATE_LIMITS``."""
    return settings.PORTAL_RATE_LIMITS[name]


def check(request, name, **keys):
    """Count one use of the limited action ``name`` for the client's address and for each
    further key given (``account=user.pk``, ``email=address``) whose limit the setting
    declares. Returns the first refusal, or an allowing verdict.

    ``settings.PORTAL_RATE_LIMITS[name]`` maps a kind of key (``"ip"``, ``"account"``,
    ``"email"``) to ``(limit, period in seconds)``.
    """
    values = {"ip": client_ip(request), **keys}
    verdict = Verdict(allowed=True, retry_after=datetime.timedelta(0))
    for kind, (limit, period) in limits(name).items():
        value = values.get(kind)
        if value is None or value == "":
            continue
        if kind == "email":
            value = str(value).strip().lower()
        answer = consume(f"{kind}:{value}", f"{name}:{kind}", limit, period)
        if not answer and verdict:
            verdict = answer
    return verdict
