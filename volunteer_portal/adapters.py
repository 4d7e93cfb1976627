from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import translate_url
from django.utils import translation

from volunteer_portal import ratelimits
from volunteer_portal.languages import user_remember_language
from volunteer_portal.mail import enqueue_mail, html_from_text, language_for_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Self sign-up opens with the volunteer flow; until then accounts are made by admins."""
        return settings.ACCOUNT_ALLOW_SIGNUP

    def login(self, request, user):
        """Logging in remembers the language of the login page as the user's preferred one."""
        super().login(request, user)
        user_remember_language(user=user, language=translation.get_language())

    def get_client_ip(self, request):
        """The client's address as the login throttling and rate limits see it: forwarded
        addresses count only as far as ``TRUSTED_PROXY_COUNT`` trusts them."""
        return ratelimits.client_ip(request)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        """At most one confirmation mail per address in ``EMAIL_CONFIRMATION_COOLDOWN`` (a log-in
        of an unconfirmed account sends one each time): counted in the database, as allauth's
        own cooldown (in the per-process cache) is off. A mail skipped is no loss: the link
        of the one before still works."""
        limit, period = settings.PORTAL_RATE_LIMITS["confirm_email"]["email"]
        email = emailconfirmation.email_address.email.strip().lower()
        if not ratelimits.consume(f"email:{email}", "confirm_email:email", limit, period):
            return
        super().send_confirmation_mail(request, emailconfirmation, signup)

    def is_reauthentication_required(self, *, app, **kwargs):
        """Not for setting up the first second factor right after logging in (see
        volunteer_portal.mfa)."""
        from volunteer_portal.mfa import is_first_set_up_just_after_login

        if is_first_set_up_just_after_login(allauth_context.request, app):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def send_mail(self, template_prefix, email, context):
        """allauth's mail (password reset, address confirmation, notices) goes through the
        portal's queue like all other mail: in the recipient's language, after commit."""
        request = allauth_context.request
        language = language_for_address(email)
        # Links lead to the pages in the reader's language; resolving them needs the request's.
        links = {
            key: translate_url(value, language)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
            **links,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
            alternatives = {
                mimetype: body for body, mimetype in getattr(message, "alternatives", [])
            }
            # The portal's allauth templates are text only; the HTML part wraps the text.
            html = alternatives.get("text/html") or html_from_text(
                text=message.body, subject=message.subject
            )
        enqueue_mail(to=message.to, subject=message.subject, text=message.body, html=html)
