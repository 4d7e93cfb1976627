from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "volunteer_portal"
    verbose_name = _("Accounts")

    def ready(self):
        from auditlog.registry import auditlog

        from volunteer_portal.models import User

        auditlog.register(User, exclude_fields=["password", "last_login"])
