"""Ask organisations once a year to confirm that their activities are current.

For a daily timer (systemd or cron)::

    manage.py ask_activity_confirmation

An active organisation with published activities is asked when one of them has not been
confirmed for 12 months (or never), and it was not asked in the last 12 months: each of its
contact persons gets a mail, in their own language, with a link to the page that confirms
them. Running it again the same day mails no one twice. An organisation without a contact
person is not asked; its activities show on the staff's list of activities to check once they
are 15 months old.
"""

import calendar
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from organisations.models import Activity, Membership, Organisation
from organisations.services.organisations import organisation_ask_confirmation

ASK_EVERY_MONTHS = 12


def months_before(day, months):
    """The same day ``months`` months before ``day`` (the month's last day where it is shorter)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def organisations_to_ask(today):
    """Active organisations with a published activity confirmed 12 months ago or earlier (or
    never), not asked since the start of the day 12 months ago, and with a contact person."""
    cutoff = months_before(today, ASK_EVERY_MONTHS)
    due = Activity.objects.published().filter(
        Q(last_confirmed__isnull=True) | Q(last_confirmed__lte=cutoff),
        organisation=OuterRef("pk"),
    )
    contacts = Membership.objects.filter(
        organisation=OuterRef("pk"), capacity=Membership.Capacity.CONTACT, user__is_active=True
    )
    return (
        Organisation.objects.active()
        .filter(Exists(due), Exists(contacts))
        .filter(
            Q(confirmation_requested_at__isnull=True)
            | Q(confirmation_requested_at__lt=asked_since(today))
        )
        .order_by("pk")
    )


def asked_since(today):
    """An organisation asked at or after this moment was asked within the last 12 months: the
    start of the day after the same day 12 months ago (so once a year, on the same date)."""
    day = months_before(today, ASK_EVERY_MONTHS) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Command(BaseCommand):
    help = "Mail organisation contacts whose activities are due for their yearly confirmation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.PORTAL_URL,
            help="The portal's address for the links in the mail (default: PORTAL_URL).",
        )

    def handle(self, *args, base_url, **options):
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("Set PORTAL_URL (e.g. https://frivillig.example.dk) or --base-url.")
        asked = mailed = 0
        today = timezone.localdate()
        for organisation in organisations_to_ask(today):
            count = organisation_ask_confirmation(
                organisation=organisation,
                base_url=base_url,
                unless_asked_since=asked_since(today),
                by=None,
            )
            asked, mailed = asked + bool(count), mailed + count
        self.stdout.write(f"Asked {asked} organisations ({mailed} mails).")
