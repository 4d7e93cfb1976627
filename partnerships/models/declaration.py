"""Per organisation and year: has the association declared that it obtains child-protection
certificates (børneattester) for its volunteers with children? Many municipalities make it
a condition for grants and rooms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from volunteer_portal.validators import no_cpr_number


class ChildCertificateDeclaration(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="child_certificate_declarations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    received_on = models.DateField(_("received"))
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[no_cpr_number])

    class Meta:
        verbose_name = _("child-protection certificate declaration")
        verbose_name_plural = _("child-protection certificate declarations")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_declaration_per_organisation_and_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"
