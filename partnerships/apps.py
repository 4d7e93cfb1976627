from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Cooperation agreements")

    def ready(self):
        from auditlog.registry import auditlog

        from initiatives import rollup
        from partnerships import (
            models,
            permissions,  # noqa: F401  (registers the rules)
        )

        auditlog.register(models.Agreement, m2m_fields={"partners", "initiatives"})
        auditlog.register(models.GrantPool)
        auditlog.register(models.Grant)
        auditlog.register(models.GrantReport)
        auditlog.register(models.ReviewMeeting)
        auditlog.register(models.AgreementDocument)
        auditlog.register(models.ChildCertificateDeclaration)

        rollup.register(
            key="agreements",
            label=_("Cooperation agreements"),
            queryset_for=lambda initiative, user: initiative.agreements.visible_to(
                user
            ).prefetch_related("partners"),
            permission="partnerships.view_agreement",
        )
