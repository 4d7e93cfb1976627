from django.conf import settings
from django.core.management.base import BaseCommand

from volunteer_portal.audit_log import prune_audit_log


class Command(BaseCommand):
    help = (
        "Delete audit-log entries older than AUDIT_LOG_RETENTION_DAYS (run daily). The one "
        "sanctioned deletion of audit-log entries."
    )

    def handle(self, *args, **options):
        deleted = prune_audit_log()
        self.stdout.write(
            f"{deleted} audit-log entries older than "
            f"{settings.AUDIT_LOG_RETENTION_DAYS} days deleted."
        )
