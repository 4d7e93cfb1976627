"""A volunteer's profile: what a citizen tells the coordinators about themselves when they sign
up, and the consent they gave to the processing of their data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.models.opportunity import Kind, TimeOfWeek
from volunteer_portal.validators import danish_phone_validator, no_cpr_number


class VolunteerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[danish_phone_validator]
    )
    kinds = models.JSONField(
        _("kinds of voluntary work I am interested in"), default=list, blank=True
    )
    areas = models.ManyToManyField(
        "organisations.Area",
        verbose_name=_("areas where I can help"),
        blank=True,
        related_name="+",
    )
    availability = models.JSONField(_("when I can help"), default=list, blank=True)
    languages = models.CharField(
        _("languages I speak"),
        max_length=200,
        blank=True,
        validators=[no_cpr_number],
        help_text=_("Separated by commas, for example: Danish, English."),
    )
    presentation = models.TextField(
        _("a short presentation"),
        blank=True,
        max_length=2000,
        validators=[no_cpr_number],
        help_text=_("What you would like to help with, and what you bring."),
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # The volunteer withdrew their consent (partnerships.services.erasure.withdraw_consent).
    consent_withdrawn_at = models.DateTimeField(
        _("consent withdrawn"), null=True, blank=True, editable=False
    )
    reminders_enabled = models.BooleanField(_("remind me by e-mail before a start"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        ordering = ["user__email"]

    def __str__(self):
        return str(self.user)

    def get_kinds_display(self):
        labels = dict(Kind.choices)
        return [labels[k] for k in self.kinds if k in labels]

    def get_availability_display(self):
        labels = dict(TimeOfWeek.choices)
        return [labels[t] for t in self.availability if t in labels]

    def language_list(self):
        return [part.strip() for part in self.languages.split(",") if part.strip()]
