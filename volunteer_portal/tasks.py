"""Tasks run by the worker (``manage.py db_worker``), off the request.

django-tasks does not retry, so the mail task does: each attempt is a task result of its own,
and a failed attempt queues the next one before it fails. The admin's task results then show
every failure with its traceback, and a mail is never dropped without a trace.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def retry_delay(attempt):
    """The pause before the attempt after ``attempt``: MAIL_RETRY_DELAY, doubled each time."""
    return timedelta(seconds=settings.MAIL_RETRY_DELAY * 2 ** (attempt - 1))


@task(takes_context=True)
def send_mail(context, *, to, subject, text, html, attempt=1):
    """Send one rendered message, with a plain-text and an HTML part, from DEFAULT_FROM_EMAIL.

    On failure the next attempt is queued (up to MAIL_MAX_ATTEMPTS) and the error re-raised,
    so that this attempt is marked failed; the last failure is logged as an error.
    """
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        task_id = context.task_result.id
        if attempt >= settings.MAIL_MAX_ATTEMPTS:
            logger.exception("Mail task %s failed on its last attempt (%d)", task_id, attempt)
            raise
        next_attempt = send_mail.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
            to=to, subject=subject, text=text, html=html, attempt=attempt + 1
        )
        logger.warning(
            "Mail task %s failed (attempt %d of %d); trying again as %s",
            task_id,
            attempt,
            settings.MAIL_MAX_ATTEMPTS,
            next_attempt.id,
        )
        raise
