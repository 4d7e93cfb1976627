from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from volunteer_portal import demo


class Command(BaseCommand):
    help = (
        "Load the demo data: municipal units, organisations, the Rødovre action plan and accounts."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts with a known password: it runs only with DEBUG on."
            )
        with transaction.atomic():
            summary = demo.load()
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
