from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Action plans")

    def ready(self):
        from auditlog.registry import auditlog

        from initiatives import (
            models,
            permissions,  # noqa: F401  (registers the rules)
        )

        auditlog.register(models.ActionPlan)
        auditlog.register(models.StrategicGoal)
        auditlog.register(models.Initiative, m2m_fields={"goals", "related"})
        auditlog.register(models.InitiativeActor)
        auditlog.register(models.Milestone)
        auditlog.register(models.ProgressNote)
