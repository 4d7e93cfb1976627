"""The daily timer's one command: every daily command, in order, once per calendar day.

For a daily timer on every app server (only the first to start runs the commands)::

    manage.py run_daily            # today's run, unless a server has already claimed it
    manage.py run_daily --retry    # run again after a failed run (or one whose process died)

The commands and their order are ``volunteer_portal.daily_runs.DAILY_COMMANDS``; each run is
listed in the admin (Daily runs) with its output.
"""

from django.core.management.base import BaseCommand, CommandError

from volunteer_portal.daily_runs import run_daily


class Command(BaseCommand):
    help = "Run the daily commands in order, at most once per calendar day across all servers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry",
            action="store_true",
            help="Take over today's run if it failed (or died unfinished) and run it again.",
        )

    def handle(self, *args, retry, **options):
        run = run_daily(retry=retry)
        if run is None:
            self.stdout.write("Today's daily run has already been claimed; nothing to do.")
            return
        self.stdout.write(run.output)
        if not run.is_ok:
            raise CommandError(
                f"The daily run of {run.day} failed; see its output. Run again with --retry."
            )
        self.stdout.write(f"Daily run of {run.day} done.")
