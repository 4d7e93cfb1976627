"""A session marked as having used the second factor, without typing a code: for the tests'
``force_login`` and the benchmarks' logged-in sessions, never for a real log-in."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.http import HttpRequest

from volunteer_portal.mfa import HAS_TOTP_SESSION_KEY


def mark_second_factor_used(session, user):
    """Record in ``session`` (not saved) that ``user``'s log-in used their TOTP authenticator,
    as allauth's MFA stage records it after a correct code. A municipal user without an
    authenticator gets one, made by allauth's own code. Returns the TOTP secret, or None for
    a user who needs no second factor."""
    if not user.is_municipal:
        return None
    authenticator = Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.TOTP
    ).first()
    if authenticator is None:
        authenticator = TOTP.activate(user, generate_totp_secret()).instance
    request = HttpRequest()
    request.session = session
    record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")
    session[HAS_TOTP_SESSION_KEY] = str(user.pk)
    return decrypt(authenticator.data["secret"])
