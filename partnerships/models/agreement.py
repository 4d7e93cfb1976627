"""Cooperation and partnership agreements between the municipality and its partners.

The structured contents follow a municipal checklist for cooperation agreements; the degree
of municipal involvement and the partners' volunteer types make Furesø's overview of all
collaborations. The status moves only through ``STATUS_MACHINE`` (volunteer_portal.transitions):
staff activate a draft and may end an active agreement early with a reason; a daily command
marks agreements expiring (within 90 days of their end) and expired.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteer_portal.search import danish
from volunteer_portal.transitions import StateMachine
from volunteer_portal.validators import TEXT_MAX, no_cpr_number

EXPIRING_WITHIN_DAYS = 90


class AgreementQuerySet(models.QuerySet):
    def with_list_data(self):
        return self.select_related("responsible_unit", "responsible_staff").prefetch_related(
            "partners"
        )

    def current(self):
        """Agreements in force: active or expiring."""
        return self.filter(status__in=Agreement.CURRENT_STATUSES)

    def visible_to(self, user):
        """All agreements for municipal users; a partner's contact person the public ones of
        their own organisations; nobody else any (without a query)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_municipal:
            return self
        from organisations.models import Membership

        ids = user.memberships_index.organisation_ids(Membership.Capacity.CONTACT, below=False)
        if not ids:
            return self.none()
        return self.public().filter(partners__in=ids).distinct()

    def public(self):
        return self.filter(is_public=True).exclude(status=Agreement.Status.DRAFT)

    def due_to_expire(self, today=None):
        """Active agreements that end within 90 days: to be marked expiring."""
        today = today or timezone.localdate()
        return self.filter(
            status=Agreement.Status.ACTIVE,
            end_date__isnull=False,
            end_date__lte=today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
        )

    def past_end(self, today=None):
        """Agreements in force whose end date has passed: to be marked expired."""
        today = today or timezone.localdate()
        return self.current().filter(end_date__isnull=False, end_date__lt=today)


class Agreement(models.Model):
    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Cooperation agreement")
        PARTNERSHIP = "partnership", _("Partnership agreement")
        CO_FINANCING = "co_financing", _("Volunteer centre's co-financing agreement")

    class Involvement(models.TextChoices):
        HIGH = "high", _("High: partnership with staff resources")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low: referral or lending rooms")

    class Term(models.TextChoices):
        ONE_YEAR = "one_year", _("One year")
        MULTI_YEAR = "multi_year", _("Several years")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        EXPIRING = "expiring", _("Expiring")
        EXPIRED = "expired", _("Expired")
        ENDED = "ended", _("Ended early")

    CURRENT_STATUSES = (Status.ACTIVE, Status.EXPIRING)
    STATUS_MACHINE = StateMachine(
        field="status",
        choices=Status,
        transitions={
            Status.DRAFT: frozenset({Status.ACTIVE}),
            Status.ACTIVE: frozenset({Status.EXPIRING, Status.EXPIRED, Status.ENDED}),
            Status.EXPIRING: frozenset({Status.EXPIRED, Status.ENDED}),
        },
        changed_at="status_changed_at",
        refused=_("An agreement cannot go from “%(old)s” to “%(new)s”."),
    )

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COOPERATION)
    title = models.CharField(_("title"), max_length=200, validators=[no_cpr_number])
    responsible_unit = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible municipal unit"),
        on_delete=models.PROTECT,
        related_name="agreements_responsible_for",
        limit_choices_to={"kind__in": ("administration", "centre", "unit")},
    )
    responsible_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements_responsible_for",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partner organisations"),
        related_name="agreements",
    )
    # The contents a municipal checklist asks for.
    purpose = models.TextField(
        _("purpose"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    scope = models.TextField(
        _("scope and target group"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    municipality_commits = models.TextField(
        _("what the municipality commits to"),
        blank=True,
        validators=[no_cpr_number],
        max_length=TEXT_MAX,
    )
    partner_commits = models.TextField(
        _("what the partner commits to"),
        blank=True,
        validators=[no_cpr_number],
        max_length=TEXT_MAX,
    )
    task_boundary = models.TextField(
        _("the line between volunteers' and paid staff's tasks"),
        blank=True,
        validators=[no_cpr_number],
        max_length=TEXT_MAX,
    )
    confidentiality = models.TextField(
        _("confidentiality and personal data"),
        blank=True,
        validators=[no_cpr_number],
        max_length=TEXT_MAX,
    )
    rooms = models.TextField(
        _("rooms lent"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    termination = models.TextField(
        _("how either side ends it"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    term = models.CharField(_("term"), max_length=20, choices=Term, default=Term.ONE_YEAR)
    renewed_yearly = models.BooleanField(_("renewed yearly"), default=False)
    involvement = models.CharField(
        _("municipal involvement"), max_length=10, choices=Involvement, default=Involvement.MEDIUM
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives of the action plan it serves"),
        blank=True,
        related_name="agreements",
    )
    renewal_of = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewal",
        help_text=_("The agreement of the period before; each agreement is renewed once."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown with its purpose and period on the partner's public page."),
    )
    reviews_per_year = models.PositiveSmallIntegerField(
        _("review meetings a year"), default=0, help_text=_("For example 4; 0 for none.")
    )
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)
    ended_reason = models.TextField(
        _("reason for ending early"), blank=True, editable=False, validators=[no_cpr_number]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", danish("title"), "pk"]
        indexes = [
            models.Index(fields=["status", "end_date"]),
            # The staff's list in its default order.
            models.Index(
                F("start_date").desc(), danish("title"), "id", name="agreement_list_order"
            ),
            # Its other orders ("Sort by"), read forwards or backwards.
            models.Index(fields=["title"], name="agreement_by_title_order"),
            models.Index(fields=["end_date"], name="agreement_by_end_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="agreement_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:agreement-detail", kwargs={"pk": self.pk})

    @property
    def is_current(self):
        return self.status in self.CURRENT_STATUSES

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end must be on or after the start.")}, code="ends_before_start"
            )
