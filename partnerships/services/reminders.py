"""Reminders to the responsible staff member, and each staff member's private calendar address.

The daily command (``manage.py agreement_reminders``) mails one reminder per event:

- an agreement in force ends within 60 days, and again within 30 days (one first seen 20 days
  before its end gets the 30-day reminder only), unless its renewal is already beyond a draft;
- an agreement in force has its next review meeting this week (the current ISO week, from
  today on);
- a grant's report is due within 30 days, and once more when it is overdue (one first seen
  overdue gets the overdue reminder only).

Nothing is sent after the event: an agreement that has ended, a review date that has passed
or a report that has been received. The recipient is the agreement's responsible staff
member while they are an active municipal user; a grant is reminded of through the agreement
it belongs to, so a grant without an agreement (or one without a responsible person) is not.

Each event has a key with its date in it ("agreement:12:expires-30:2027-03-31"): a moved end
date or review date is a new event. The key is stored (SentReminder, unique) in the same
transaction that queues the mail, so two runs at once mail each event once.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from partnerships.models import Agreement, CalendarToken, Grant, SentReminder
from partnerships.models.reminder import new_token
from volunteer_portal.audit import records_actor
from volunteer_portal.mail import mail_user
from volunteer_portal.models import User

MUNICIPAL_ROLES = (User.Role.STAFF, User.Role.COORDINATOR, User.Role.ADMIN)
FIRST_WARNING_DAYS = 60
SECOND_WARNING_DAYS = 30
REPORT_WARNING_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: str  # expires-60, expires-30, review, report-due, report-overdue
    recipient: User
    agreement: Agreement
    date: datetime.date
    grant: Grant | None = None


def _responsible(prefix=""):
    """Lookups for an agreement whose responsible person may be mailed."""
    return {
        f"{prefix}responsible_staff__is_active": True,
        f"{prefix}responsible_staff__role__in": MUNICIPAL_ROLES,
    }


def _expiry_reminders(today):
    agreements = (
        Agreement.objects.current()
        .filter(
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=FIRST_WARNING_DAYS),
            **_responsible(),
        )
        # Its next period is already signed: nothing to act on.
        .exclude(renewal__status__in=[s for s in Agreement.Status if s != "draft"])
        .select_related("responsible_staff")
    )
    for agreement in agreements:
        days = (agreement.end_date - today).days
        kind = "expires-30" if days <= SECOND_WARNING_DAYS else "expires-60"
        yield Reminder(
            key=f"agreement:{agreement.pk}:{kind}:{agreement.end_date.isoformat()}",
            kind=kind,
            recipient=agreement.responsible_staff,
            agreement=agreement,
            date=agreement.end_date,
        )


def _review_reminders(today):
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    agreements = (
        Agreement.objects.current()
        .filter(next_review_date__gte=today, next_review_date__lte=sunday, **_responsible())
        .select_related("responsible_staff")
    )
    for agreement in agreements:
        yield Reminder(
            key=f"agreement:{agreement.pk}:review:{agreement.next_review_date.isoformat()}",
            kind="review",
            recipient=agreement.responsible_staff,
            agreement=agreement,
            date=agreement.next_review_date,
        )


def _report_reminders(today):
    grants = (
        Grant.objects.filter(
            report__isnull=True,
            report_due__lte=today + datetime.timedelta(days=REPORT_WARNING_DAYS),
            **_responsible("agreement__"),
        )
        .select_related("agreement__responsible_staff", "organisation", "pool")
        .order_by("pk")
    )
    for grant in grants:
        kind = "report-overdue" if grant.report_due < today else "report-due"
        yield Reminder(
            key=f"grant:{grant.pk}:{kind}:{grant.report_due.isoformat()}",
            kind=kind,
            recipient=grant.agreement.responsible_staff,
            agreement=grant.agreement,
            date=grant.report_due,
            grant=grant,
        )


def due_reminders(*, today=None):
    """The events of ``today`` (by default the local date) not yet reminded of."""
    today = today or timezone.localdate()
    found = [*_expiry_reminders(today), *_review_reminders(today), *_report_reminders(today)]
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in found]).values_list("key", flat=True)
    )
    return [reminder for reminder in found if reminder.key not in sent]


@records_actor
def reminder_send(reminder, *, base_url, by):
    """Mail one reminder unless it has been sent; returns whether this call sent it.

    The stored key and the queued mail are one transaction: a second run, even one at the
    same moment, meets the unique key and sends nothing."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=reminder.key, recipient=reminder.recipient)
            with translation.override(reminder.recipient.language):
                url = base_url.rstrip("/") + reminder.agreement.get_absolute_url()
            mail_user(
                user=reminder.recipient,
                template="agreement_reminder",
                context={
                    "reminder": reminder,
                    "agreement": reminder.agreement,
                    "grant": reminder.grant,
                    "agreement_url": url,
                },
            )
    except IntegrityError:
        return False
    return True


@records_actor
def reminders_send_due(*, base_url, by, today=None):
    """The daily pass: mail every event due ``today``; returns how many mails were queued."""
    return sum(
        reminder_send(reminder, base_url=base_url, by=by) for reminder in due_reminders(today=today)
    )


@records_actor
def calendar_token_for(*, user, by):
    """The secret of ``user``'s private calendar address, made the first time it is asked for."""
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@records_actor
def calendar_token_renew(*, user, by):
    """A new secret for ``user``'s calendar address: the old address stops working at once."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_token()
        token.save(update_fields=["token", "created_at"])
    return token
