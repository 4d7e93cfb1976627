"""Reminders to volunteers before their voluntary work starts (``manage.py volunteer_reminders``).

A volunteer is mailed ``settings.VOLUNTEER_REMINDER_DAYS`` days before:

- the start of each of their volunteer agreements that is confirmed or active;
- the start of a one-off opportunity they have such an agreement for (when it starts on
  another day than the agreement itself: one mail for one day).

Only volunteers who have not turned reminders off in their profile, and whose account is
active, are mailed. Nothing is ever sent on or after the start day: a missed run sends late
reminders only while the start still lies ahead, never afterwards.

Each event has a key with its date in it ("volunteer-agreement:12:start:2027-01-04"): a moved
start is a new event. The key is stored (SentReminder, unique) in the same transaction that
queues the mail, so two runs at once mail each event once.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnerships.models import SentReminder, VolunteerAgreement
from volunteer_portal.audit import records_actor
from volunteer_portal.mail import mail_user
from volunteer_portal.models import User

REMINDED_STATUSES = (VolunteerAgreement.Status.CONFIRMED, VolunteerAgreement.Status.ACTIVE)


@dataclass(frozen=True)
class VolunteerReminder:
    key: str
    kind: str  # agreement-start, task-start
    recipient: User
    agreement: VolunteerAgreement
    date: datetime.date


def _agreements():
    return (
        VolunteerAgreement.objects.filter(
            status__in=REMINDED_STATUSES,
            volunteer__is_active=True,
            volunteer__role=User.Role.VOLUNTEER,
        )
        # A volunteer without a profile has the default: reminders on.
        .exclude(volunteer__volunteer_profile__reminders_enabled=False)
        .select_related("volunteer", "unit", "opportunity")
        .order_by("pk")
    )


def due_volunteer_reminders(*, today=None):
    """The starts within the reminder window (after ``today``, at most the set number of days
    ahead) not yet reminded of."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=settings.VOLUNTEER_REMINDER_DAYS)
    found = []
    for agreement in _agreements().filter(start_date__gt=today, start_date__lte=last):
        found.append(
            VolunteerReminder(
                key=f"volunteer-agreement:{agreement.pk}:start:{agreement.start_date.isoformat()}",
                kind="agreement-start",
                recipient=agreement.volunteer,
                agreement=agreement,
                date=agreement.start_date,
            )
        )
    tasks = _agreements().filter(
        opportunity__is_one_off=True,
        opportunity__start_date__gt=today,
        opportunity__start_date__lte=last,
    )
    for agreement in tasks:
        start = agreement.opportunity.start_date
        if start == agreement.start_date:
            continue
        found.append(
            VolunteerReminder(
                key=f"volunteer-task:{agreement.pk}:start:{start.isoformat()}",
                kind="task-start",
                recipient=agreement.volunteer,
                agreement=agreement,
                date=start,
            )
        )
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in found]).values_list("key", flat=True)
    )
    return [reminder for reminder in found if reminder.key not in sent]


@records_actor
def volunteer_reminder_send(reminder, *, base_url, by):
    """Mail one reminder unless it has been sent; returns whether this call sent it."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=reminder.key, recipient=reminder.recipient)
            mail_user(
                user=reminder.recipient,
                template="volunteering/reminder",
                context={
                    "reminder": reminder,
                    "agreement": reminder.agreement,
                    "opportunity": reminder.agreement.opportunity,
                    "portal_url": base_url.rstrip("/"),
                },
            )
    except IntegrityError:
        return False
    return True


@records_actor
def volunteer_reminders_send_due(*, base_url, by, today=None):
    """The daily pass: mail every reminder due ``today``; returns how many were queued."""
    return sum(
        volunteer_reminder_send(reminder, base_url=base_url, by=by)
        for reminder in due_volunteer_reminders(today=today)
    )
