"""Two-factor authentication for municipal users (django-allauth's MFA, made obligatory).

allauth offers TOTP and recovery codes but leaves them optional. Staff, coordinators and
administrators must use them: ``RequireSecondFactorMiddleware`` (shaped like pretix's
``PermissionMiddleware``: one list of the pages that stay open) sends such a user without a
TOTP authenticator to set one up, and one whose session did not use the second factor to give
a code; ``MFAAdapter`` refuses to delete their last factor; ``issue_emergency_code`` lets an
administrator help a person who lost their phone without switching their 2FA off.
"""

import logging
import secrets
import time
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context as allauth_context
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa import signals as mfa_signals
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.utils import encrypt
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from volunteer_portal.audit import records_actor

logger = logging.getLogger(__name__)

# The session remembers (for the user whose id it holds) that they have a TOTP authenticator,
# so that a page costs no query for it; removing the authenticator clears it (see below).
HAS_TOTP_SESSION_KEY = "portal_mfa_has_totp"
# The data key of a recovery-code authenticator that holds an administrator's emergency code.
EMERGENCY_MARK = "portal_emergency_code"


def requires_second_factor(user):
    """Municipal users (staff, coordinators, administrators) must use a second factor."""
    return user.is_authenticated and user.is_municipal


def session_used_second_factor(request, user):
    """True only if this session's log-in (or a re-authentication in it) really used the
    second factor: allauth records each step of authentication in the session, "mfa" for a
    correct TOTP or recovery code, and only for the user it was recorded for."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def has_totp(request, user):
    """Whether ``user`` has a TOTP authenticator, remembered in the session once it is so."""
    if request.session.get(HAS_TOTP_SESSION_KEY) == str(user.pk):
        return True
    found = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    if found:
        request.session[HAS_TOTP_SESSION_KEY] = str(user.pk)
    return found


def forget_totp(request):
    request.session.pop(HAS_TOTP_SESSION_KEY, None)


def is_first_set_up_just_after_login(request, app):
    """Setting up a first factor within allauth's re-authentication time after logging in,
    and seeing the recovery codes that come with it, asks for no second password: allauth
    counts only re-authentications, so a municipal user sent to the set-up page right after
    the log-in would have to type it twice, and once more for the codes although they have
    just typed a correct code from the new app. Otherwise allauth asks as usual."""
    if app != "allauth.mfa" or request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    if time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT:
        return False
    if records[-1].get("method") == "mfa" and records[-1].get("activated"):
        return True
    return not Authenticator.objects.filter(user_id=request.user.pk).exists()


class RequireSecondFactorMiddleware:
    """Send a logged-in municipal user who has no TOTP authenticator to set one up, and one
    whose session did not use it to give a code; only the pages needed for that stay open."""

    # Setting up the factor (and seeing the recovery codes it brings), re-authenticating,
    # logging out, switching language, and the health check.
    OPEN_URL_NAMES = frozenset(
        {
            "mfa_index",
            "mfa_activate_totp",
            "mfa_view_recovery_codes",
            "mfa_download_recovery_codes",
            "mfa_reauthenticate",
            "mfa_authenticate",
            "account_reauthenticate",
            "account_logout",
            "set_language",
            "healthz",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.check(request)
        return response or self.get_response(request)

    def check(self, request):
        """The redirect this request gets, or None. A session that used the factor of a
        user known to have one costs no query and no URL resolving."""
        user = request.user
        if not requires_second_factor(user):
            return None
        if not has_totp(request, user):
            if self.is_open(request):
                return None
            return redirect("mfa_activate_totp")
        if not session_used_second_factor(request, user):
            if self.is_open(request):
                return None
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None

    def is_open(self, request):
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a page not found shows nothing but the 404 page
        return match.url_name in self.OPEN_URL_NAMES


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Staff, coordinators and administrators must use two-factor authentication, so "
            "you cannot switch it off. If you have a new phone, ask an administrator for an "
            "emergency code."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        """A municipal user keeps their TOTP authenticator: it is their last real factor
        (recovery codes alone do not make allauth ask for a code at log-in)."""
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.is_municipal:
            return False
        return super().can_delete_authenticator(authenticator)


class CodeAttemptsLimit:
    """Every code typed for an account counts (``MFA_CODE_ATTEMPTS``, in the database); past
    the limit the form refuses, with the wait, before looking at the code."""

    def clean_code(self):
        from volunteer_portal import ratelimits

        limit, period = settings.MFA_CODE_ATTEMPTS
        verdict = ratelimits.consume(f"user:{self.user.pk}", "mfa_code", limit, period)
        if not verdict:
            raise ValidationError(verdict.message(), code="rate_limited")
        return super().clean_code()


class PortalAuthenticateForm(CodeAttemptsLimit, AuthenticateForm):
    pass


class PortalReauthenticateForm(CodeAttemptsLimit, ReauthenticateForm):
    pass


class PortalActivateTOTPForm(CodeAttemptsLimit, ActivateTOTPForm):
    """Setting up TOTP proves the person holds the factor (they typed a correct code from
    it), so the session counts as having used it, as after a log-in with a code."""

    def clean_code(self):
        code = super().clean_code()
        record_authentication(
            allauth_context.request, self.user, "mfa", type="totp", activated=True
        )
        return code


@records_actor
def issue_emergency_code(user, *, by):
    """A fresh single-use code with which ``user`` logs in once instead of their TOTP code
    (allauth's recovery-code authenticator holding just this one code; it replaces their
    recovery codes). Returns the code, which is shown to the administrator once and never
    logged. After it is used, the person sets up TOTP again (see ``_emergency_code_used``).
    """
    digits = mfa_settings.RECOVERY_CODE_DIGITS
    code = "".join(secrets.choice("0123456789") for _ in range(digits))
    with transaction.atomic():
        Authenticator.objects.filter(
            user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES
        ).delete()
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"migrated_codes": [encrypt(code)], EMERGENCY_MARK: True, "used_mask": 0},
        )
        LogEntry.objects.log_create(
            user,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"two_factor": ["", "emergency code issued"]},
            actor=by,
        )
    logger.warning(
        "Emergency two-factor code issued for user %s (%s) by %s (%s)",
        user.pk,
        user.email,
        by.pk,
        by.email,
    )
    return code


@receiver(mfa_signals.authenticator_used)
def _emergency_code_used(sender, request, user, authenticator, **kwargs):
    """The emergency code stands in for a lost phone: once it is used, the old TOTP
    authenticator and the spent code go, and the middleware sends the person to set up TOTP
    again (with fresh recovery codes)."""
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return
    if not authenticator.data.get(EMERGENCY_MARK):
        return
    Authenticator.objects.filter(user_id=user.pk).delete()
    if request is not None:
        forget_totp(request)
    logger.warning("Emergency two-factor code used by user %s (%s)", user.pk, user.email)


@receiver(mfa_signals.authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    if request is not None:
        forget_totp(request)
