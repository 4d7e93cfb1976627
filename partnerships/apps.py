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
        auditlog.register(models.Opportunity, m2m_fields={"coordinators", "initiatives"})
        auditlog.register(models.VolunteerProfile)
        auditlog.register(models.Interest)
        auditlog.register(models.VolunteerAgreement)

        rollup.register(
            key="agreements",
            label=_("Cooperation agreements"),
            queryset_for=lambda initiative, user: initiative.agreements.visible_to(
                user
            ).prefetch_related("partners"),
            permission="partnerships.view_agreement",
        )
        rollup.register(
            key="opportunities",
            label=_("Volunteer opportunities"),
            queryset_for=lambda initiative, user: initiative.opportunities.visible_to(
                user
            ).select_related("organisation"),
            permission="partnerships.view_opportunity",
        )
