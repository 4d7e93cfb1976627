from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "volunteer_portal"
    verbose_name = _("People and settings")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.backends.signals import connection_created

        from volunteer_portal.search import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)

        # The portal's own system checks (mail that would go nowhere with DEBUG off).
        import volunteer_portal.checks  # noqa: F401
        from volunteer_portal.models import Municipality, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        # The logo's bytes stay out of the log; its hash shows that it changed.
        auditlog.register(Municipality, exclude_fields=["logo"])

        # A log-in starts the idle clock of the session (volunteer_portal.sessions).
        from django.contrib.auth.signals import user_logged_in

        from volunteer_portal.sessions import mark_login

        user_logged_in.connect(mark_login, dispatch_uid="volunteer_portal.sessions.mark_login")

        # The receivers of allauth's MFA signals (an emergency code used, a factor removed).
        import volunteer_portal.mfa  # noqa: F401

        # The cached fragments of the public pages go stale on every change they show.
        from volunteer_portal.caching import connect_receivers

        connect_receivers()
