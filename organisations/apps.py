from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations and municipal units")

    def ready(self):
        from auditlog.registry import auditlog

        from organisations import permissions, signals  # noqa: F401  (rules and receivers)
        from organisations.models import Activity, Membership, Organisation

        auditlog.register(Organisation, exclude_fields=["search_text"])
        auditlog.register(
            Activity,
            exclude_fields=["search_text"],
            m2m_fields={"target_groups", "challenges"},
        )
        auditlog.register(Membership)
