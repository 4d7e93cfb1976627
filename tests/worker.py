"""Running the task worker inside a test, as `manage.py db_worker --batch` does."""

import logging
import signal
from unittest import mock

from django.core.management import call_command

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
LOGGERS = [logging.getLogger("django_tasks"), logging.getLogger("django_tasks_db")]


def run_worker():
    """Run every task that is due, then return.

    The command installs its own signal handlers (Ctrl+C would stop it, not pytest) and sets
    its loggers' levels; both are put back afterwards. It also closes "old" connections
    between tasks, which inside a test's transaction means the test's own connection on
    PostgreSQL (SQLite's in-memory one survives it): that is switched off here.
    """
    handlers = {number: signal.getsignal(number) for number in SIGNALS}
    levels = {logger: logger.level for logger in LOGGERS}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for logger, level in levels.items():
            logger.setLevel(level)
