from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reverse_relations(model):
    """Names of the relations other models hold to ``model``. They are not data of the row,
    and django-auditlog would log them on create as "initiatives.ProgressNote.None"."""
    return [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Action plans")

    def ready(self):
        from auditlog.registry import auditlog

        from initiatives import (
            models,
            permissions,  # noqa: F401  (registers the rules)
        )

        def register(model, **options):
            auditlog.register(model, exclude_fields=_reverse_relations(model), **options)

        register(models.ActionPlan)
        register(models.StrategicGoal)
        register(models.Initiative, m2m_fields={"goals", "related"})
        register(models.InitiativeActor)
        register(models.Milestone)
        register(models.ProgressNote)
        register(models.PlanDocument)
