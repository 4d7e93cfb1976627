"""The daily retention pass: personal data whose time is up is anonymised (issue #12, part E).

For a daily timer (systemd or cron), beside ``volunteer_reminders``::

    manage.py apply_retention            # warn, then anonymise
    manage.py apply_retention --dry-run  # list what is due and why; change and mail nothing

The rules and their periods are in ``partnerships.services.retention`` and the settings
(RETENTION_*, VOLUNTEER_AGREEMENT_RETENTION_YEARS). Each record is printed with its rule and
the dates that make it due. Volunteers are mailed RETENTION_WARNING_DAYS before, once per
record. Running it twice, or two runs at once, anonymises and mails nothing more. The changes
are recorded in the audit log without a person, as the command acts for no one.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnerships.services import retention


class Command(BaseCommand):
    help = "Daily: warn volunteers of what falls due soon, then anonymise what is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what is due and why, and the warnings due; change and mail nothing.",
        )
        parser.add_argument(
            "--base-url",
            default=settings.PORTAL_URL,
            help="The portal's address for the links in the mail (default: PORTAL_URL).",
        )

    def handle(self, *args, dry_run, base_url, **options):
        now = timezone.now()
        if dry_run:
            warnings = retention.due_for_warning(now=now)
            due = retention.due_for_anonymisation(now=now)
            for item in warnings:
                self.stdout.write(
                    f"Would warn: {item.label} ({item.rule}): {item.reason}; "
                    f"anonymised on {item.due_on.isoformat()}"
                )
            for item in due:
                self.stdout.write(f"Would anonymise: {item.label} ({item.rule}): {item.reason}")
            self.stdout.write(
                f"Dry run: {len(warnings)} warnings and {len(due)} records due; nothing changed."
            )
            return
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("Set PORTAL_URL (e.g. https://frivillig.example.dk) or --base-url.")
        warned, done = retention.apply_retention(base_url=base_url, by=None, now=now)
        for item in warned:
            self.stdout.write(f"Warned: {item.label} ({item.rule}): {item.due_on.isoformat()}")
        for item in done:
            self.stdout.write(f"Anonymised: {item.label} ({item.rule}): {item.reason}")
        self.stdout.write(f"Sent {len(warned)} warnings; anonymised {len(done)} records.")
