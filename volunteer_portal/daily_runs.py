"""The daily commands, run once per calendar day however many app servers have the timer.

Every app server may carry the same systemd timer running ``manage.py run_daily``. The first
to insert the day's ``DailyRun`` row runs the commands; the unique constraint on ``day`` makes
every other insert fail, and those servers do nothing. A failed run stays recorded as failed;
``run_daily --retry`` takes it over (and a run whose process died, unfinished for
``STALE_AFTER``) and runs every command again: each of them may run twice without mailing
anyone twice.
"""

import datetime
import io
import logging
import socket
import traceback

from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# In this order: statuses first, then the mail that depends on them, the pruning last.
DAILY_COMMANDS = [
    "agreement_reminders",
    "volunteer_reminders",
    "ask_activity_confirmation",
    "apply_retention",
    "prune_db_task_results",
    "prune_audit_log",
]
# A run not finished after this long is taken to have died with its process.
STALE_AFTER = datetime.timedelta(hours=6)


class DailyRun(models.Model):
    """One day's run of the daily commands: who claimed it, when, and how it ended."""

    day = models.DateField(_("day"), unique=True)
    host = models.CharField(_("server"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    is_ok = models.BooleanField(_("succeeded"), null=True)
    output = models.TextField(_("output"), blank=True)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        ordering = ["-day"]

    def __str__(self):
        return self.day.isoformat()


def claim_day(*, day, retry=False, now=None):
    """The day's run, claimed for this process, or None when another run has it.

    With ``retry`` a failed run of the day, or one unfinished for STALE_AFTER, is taken over.
    """
    now = now or timezone.now()
    if retry:
        DailyRun.objects.filter(day=day).filter(
            Q(is_ok=False) | Q(finished_at__isnull=True, started_at__lte=now - STALE_AFTER)
        ).delete()
    try:
        with transaction.atomic():
            return DailyRun.objects.create(day=day, host=socket.gethostname(), started_at=now)
    except IntegrityError:
        return None


def run_daily(*, day=None, retry=False, commands=None):
    """Run the daily commands in order if this process wins ``day`` (default: today, local
    time); returns the finished DailyRun, or None when the day was already claimed.

    A command that fails does not stop the others (they do not depend on each other's
    success); the run is then recorded as failed, with the traceback in its output.
    """
    run = claim_day(day=day or timezone.localdate(), retry=retry)
    if run is None:
        return None
    output, is_ok = [], True
    for name in DAILY_COMMANDS if commands is None else commands:
        buffer = io.StringIO()
        try:
            call_command(name, stdout=buffer, stderr=buffer)
        except Exception:
            is_ok = False
            logger.exception("Daily command %s failed", name)
            buffer.write(traceback.format_exc())
        output.append(f"$ manage.py {name}\n{buffer.getvalue().strip()}")
    run.output, run.is_ok, run.finished_at = "\n\n".join(output), is_ok, timezone.now()
    run.save(update_fields=["output", "is_ok", "finished_at"])
    return run
