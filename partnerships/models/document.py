"""Files on an agreement or a grant report (the signed agreement, accounts): judged by their
content, kept in the private storage, served to staff only through a checked view."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from volunteer_portal.private_files import PrivateDocument
from volunteer_portal.validators import no_cpr_number


class AgreementDocument(PrivateDocument):
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    grant_report = models.ForeignKey(
        "partnerships.GrantReport",
        verbose_name=_("grant report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200, blank=True, validators=[no_cpr_number])

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, grant_report__isnull=True)
                | Q(agreement__isnull=True, grant_report__isnull=False),
                name="agreement_document_belongs_to_one",
            )
        ]

    def __str__(self):
        return self.title or self.original_name

    def get_absolute_url(self):
        return reverse(
            "partnerships:agreement-document",
            kwargs={"pk": self.pk, "filename": self.original_name},
        )
