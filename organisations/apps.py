from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations and municipal units")

    def ready(self):
        from auditlog.registry import auditlog

        from organisations import permissions  # noqa: F401  (registers the rules)
        from organisations.models import Membership, Organisation

        auditlog.register(Organisation)
        auditlog.register(Membership)
