"""The daily pass over agreements: their status, then the reminders to their staff.

For a daily timer (systemd or cron)::

    manage.py agreement_reminders

First every agreement in force is marked expiring (it ends within 90 days) or expired (its end
has passed). Then the responsible staff member of each agreement is mailed, once per event,
about an agreement ending within 60 and within 30 days, a review meeting due this week and a
grant report due within 30 days or overdue (partnerships.services.reminders says exactly
when). Running it twice, or two runs at once, mails no one twice. The changes are recorded in
the audit log without a person, as the command acts for no one.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnerships.services.agreements import refresh_all_statuses
from partnerships.services.reminders import reminders_send_due


class Command(BaseCommand):
    help = "Mark agreements expiring or expired and mail their staff the reminders due today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.PORTAL_URL,
            help="The portal's address for the links in the mail (default: PORTAL_URL).",
        )

    def handle(self, *args, base_url, **options):
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("Set PORTAL_URL (e.g. https://frivillig.example.dk) or --base-url.")
        today = timezone.localdate()
        changed = refresh_all_statuses(by=None, today=today)
        mailed = reminders_send_due(base_url=base_url, by=None, today=today)
        self.stdout.write(f"Changed the status of {changed} agreements; sent {mailed} reminders.")
