"""A referral (brobygning): a staff member sent a citizen to an activity.

Only what the municipality needs to count referrals per activity, unit and month is kept:
the date, the staff member's unit, the activity and an optional note. Never the citizen,
and not the staff member either: not even the time of recording, which in a small unit
could tell who it was.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteer_portal.validators import no_cpr_number_validator


class Referral(models.Model):
    activity = models.ForeignKey(
        "organisations.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    unit = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("referring unit"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    referred_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        validators=[no_cpr_number_validator],
        help_text=_("Optional. Never the citizen's name, CPR number or other identifying facts."),
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["referred_on"])]

    def __str__(self):
        return f"{self.referred_on:%Y-%m-%d}: {self.activity}"
