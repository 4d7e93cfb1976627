"""Review meetings of an agreement: planned from its schedule, held with minutes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from volunteer_portal.validators import no_cpr_number


class ReviewMeeting(models.Model):
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="review_meetings",
    )
    date = models.DateField(_("date"))
    participants = models.TextField(_("participants"), blank=True, validators=[no_cpr_number])
    minutes = models.TextField(_("minutes"), blank=True, validators=[no_cpr_number])
    follow_ups = models.TextField(_("follow-ups"), blank=True, validators=[no_cpr_number])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.agreement}: {self.date:%Y-%m-%d}"
