"""The referral slip sent to a citizen's e-mail address.

The address is typed by the staff member sitting with the citizen and used for this one mail:
it is sent at once, inside the request, and not through the portal's mail queue
(volunteer_portal.mail), which would keep the address in the task table. Nothing here logs
the address; a failure is logged by the activity's id and the error's kind only, since an
SMTP error's text names the recipient.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.views.decorators.debug import sensitive_variables

logger = logging.getLogger(__name__)


class SlipNotSent(Exception):
    """The mail server could not be reached or refused the mail."""


@sensitive_variables("address", "message")
def send_slip(*, activity, address, slip_url):
    """Send the slip of ``activity`` to ``address`` now, in the current language.

    Raises SlipNotSent when the mail server fails; the caller suggests printing instead.
    """
    context = {"activity": activity, "slip_url": slip_url}
    subject = render_to_string("mail/referral_slip_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    text = render_to_string("mail/referral_slip.txt", context).strip()
    html = render_to_string("mail/referral_slip.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning(
            "The referral slip of activity %s could not be sent (%s)",
            activity.pk,
            type(error).__name__,
        )
        raise SlipNotSent from None
