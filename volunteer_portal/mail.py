"""The portal's one way to send mail.

A mail is rendered at once, in the reader's language, from ``mail/<template>_subject.txt``,
``mail/<template>.txt`` and ``mail/<template>.html``, and handed to the task queue when the
current transaction commits: a change that rolls back mails no one, and no request waits for
the mail server. The worker (``volunteer_portal.tasks.send_mail``) sends it and retries.
"""

import functools

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from volunteer_portal.models import User
from volunteer_portal.tasks import send_mail


def mail_user(*, user, template, context=None):
    """Mail a user at their address, in their preferred language."""
    mail_address(
        address=user.email,
        template=template,
        context={"user": user, **(context or {})},
        language=user.language,
    )


def mail_address(*, address, template, context=None, language=None):
    """Mail an address, in ``language`` or else that of the user the address belongs to."""
    context = context or {}
    with translation.override(language or language_for_address(address)):
        subject = render_to_string(f"mail/{template}_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = render_to_string(f"mail/{template}.txt", context).strip()
        html = render_to_string(f"mail/{template}.html", {**context, "subject": subject})
    enqueue_mail(to=[address], subject=subject, text=text, html=html)


def html_from_text(*, text, subject):
    """An HTML part for a mail written only as text (allauth's are), in the shared layout.
    Call it with the mail's language active."""
    return render_to_string("mail/text.html", {"text": text, "subject": subject})


def enqueue_mail(*, to, subject, text, html):
    """Queue a rendered message (plain strings only) to be sent once the transaction commits.

    Robust: the change has been committed by then, so a queue that cannot be reached is logged
    as an error rather than turning the saved change into an error page.
    """
    transaction.on_commit(
        functools.partial(send_mail.enqueue, to=list(to), subject=subject, text=text, html=html),
        robust=True,
    )


def language_for_address(address):
    """The preferred language of the user an address belongs to, else the current language."""
    language = (
        User.objects.filter(Q(email__iexact=address) | Q(emailaddress__email__iexact=address))
        .values_list("language", flat=True)
        .first()
    )
    return language or translation.get_language() or settings.LANGUAGE_CODE
