"""Grants under Serviceloven § 18: a yearly pool, the grants from it, and their reports.

An association reports on a grant's use by its due date (by default 1 April of the year after
the grant's year); until then a new grant to it needs a staff member's override with a reason.
Above set amounts the report must come with itemised or certified accounts.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from volunteer_portal.validators import TEXT_MAX, no_cpr_number


def itemised_accounts_above():
    return Decimal(getattr(settings, "GRANT_ITEMISED_ACCOUNTS_ABOVE", "5000"))


def certified_accounts_above():
    return Decimal(getattr(settings, "GRANT_CERTIFIED_ACCOUNTS_ABOVE", "20000"))


def report_due_for(year):
    """When a grant of ``year`` must be reported on: a day of the next year (1 April)."""
    month, day = getattr(settings, "GRANT_REPORT_DUE", (4, 1))
    return datetime.date(year + 1, month, day)


class GrantPool(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200, default="§ 18-puljen")
    budget = models.DecimalField(
        _("budget (DKK)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    focus_areas = models.TextField(_("focus areas"), blank=True, max_length=TEXT_MAX)
    target_groups = models.ManyToManyField(
        "organisations.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("grant pool")
        verbose_name_plural = _("grant pools")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="grant_pool_unique_per_year")
        ]

    def __str__(self):
        return f"{self.name} {self.year}"


class Grant(models.Model):
    pool = models.ForeignKey(
        GrantPool, verbose_name=_("pool"), on_delete=models.PROTECT, related_name="grants"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
    )
    amount = models.DecimalField(
        _("amount (DKK)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    purpose = models.TextField(_("purpose"), blank=True, validators=[no_cpr_number])
    target_group = models.ForeignKey(
        "organisations.TargetGroup",
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    report_due = models.DateField(_("report due"))
    override_reason = models.TextField(
        _("reason for granting while a report is outstanding"),
        blank=True,
        validators=[no_cpr_number],
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Published per organisation and year.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-pool__year", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive")
        ]

    def __str__(self):
        return f"{self.organisation} {self.pool.year}: {self.amount} kr."

    @property
    def is_paid(self):
        return self.paid_on is not None

    @property
    def itemised_accounts_required(self):
        return self.amount > itemised_accounts_above()

    @property
    def certified_accounts_required(self):
        return self.amount > certified_accounts_above()


class GrantReport(models.Model):
    class Unused(models.TextChoices):
        NONE = "none", _("Nothing unused")
        REPAID = "repaid", _("Repaid")
        CARRIED_OVER = "carried_over", _("Carried over (approved)")

    grant = models.OneToOneField(
        Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="report"
    )
    received_on = models.DateField(_("received"))
    use = models.TextField(_("what the grant was used for"), validators=[no_cpr_number])
    unused_amount = models.DecimalField(
        _("unused amount (DKK)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    unused_handling = models.CharField(
        _("unused amount"), max_length=20, choices=Unused, default=Unused.NONE
    )
    itemised_accounts_received = models.BooleanField(_("itemised accounts received"), default=False)
    certified_accounts_received = models.BooleanField(
        _("certified accounts received"), default=False
    )

    class Meta:
        verbose_name = _("grant report")
        verbose_name_plural = _("grant reports")

    def __str__(self):
        return str(self.grant)
