"""The daily pass of the volunteer flow: what has waited too long moves on, then the reminders.

For a daily timer (systemd or cron), beside ``agreement_reminders``::

    manage.py volunteer_reminders

1. Places offered from a waiting list and not accepted in time lapse, and each passes to the
   next in line (partnerships.services.interests.pass_on_lapsed_offers).
2. Volunteer agreements offered and not answered in time end, and their places pass on
   (partnerships.services.volunteer_agreements.end_unanswered_offers).
3. Each volunteer who has reminders on is mailed VOLUNTEER_REMINDER_DAYS days before the start
   of a confirmed or active agreement, and of a one-off task they have one for; never on or
   after the start day (partnerships.services.volunteer_reminders says exactly when).

Running it twice, or two runs at once, mails no one twice. The changes are recorded in the
audit log without a person, as the command acts for no one. The counts of places never wait
for it (an offer past its time holds no place); it passes the freed places on and moves the
statuses. Run it hourly if freed places should pass on sooner: reminders still go once.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnerships.services.interests import pass_on_lapsed_offers
from partnerships.services.volunteer_agreements import end_unanswered_offers
from partnerships.services.volunteer_reminders import volunteer_reminders_send_due


class Command(BaseCommand):
    help = (
        "Daily: pass on waiting-list places and agreement offers not answered in time, then "
        "mail volunteers the reminders before a start that are due today."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.PORTAL_URL,
            help="The portal's address for the links in the mail (default: PORTAL_URL).",
        )

    def handle(self, *args, base_url, **options):
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("Set PORTAL_URL (e.g. https://frivillig.example.dk) or --base-url.")
        now = timezone.now()
        passed = pass_on_lapsed_offers(by=None, now=now)
        ended = end_unanswered_offers(by=None, now=now)
        mailed = volunteer_reminders_send_due(
            base_url=base_url, by=None, today=timezone.localdate(now)
        )
        self.stdout.write(
            f"Passed on lapsed waiting-list offers of {passed} opportunities; ended {ended} "
            f"unanswered agreement offers; sent {mailed} reminders."
        )
