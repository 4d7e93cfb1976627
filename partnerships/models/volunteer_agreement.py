"""The volunteer agreement (frivilligaftale) a coordinator goes through with a volunteer: the
home unit, a contact person there, the tasks and mutual expectations, the period, the duties of
confidentiality and of reporting concern for a child, insurance, and whether a child-protection
certificate (børneattest) is required and when it was assessed.

The certificate itself and the volunteer's CPR number are never stored: only that it was
assessed, when and by whom, and when it is due again. Its status is for the unit's
coordinators and the volunteer only.

draft → offered (the coordinator offers it; it holds a place until answered or
``answer_by``) → confirmed (the volunteer read it and confirms) → active (the coordinator
approves) → ended (by either side, with a date and a reason). Nothing else writes the status.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteer_portal.transitions import StateMachine
from volunteer_portal.validators import TEXT_MAX, no_cpr_number


class VolunteerAgreementQuerySet(models.QuerySet):
    def with_list_data(self):
        return self.select_related("volunteer", "unit", "contact_person", "opportunity")

    def handled_by(self, user):
        """The agreements of the units a coordinator coordinates (and those below them).
        Administrators: all."""
        from organisations.models import Membership

        if not user.is_authenticated or not user.is_municipal:
            return self.none()
        if user.is_portal_admin:
            return self
        units = user.memberships_index.organisation_ids(Membership.Capacity.COORDINATOR)
        return self.filter(unit_id__in=units)

    def active(self):
        return self.filter(status=VolunteerAgreement.Status.ACTIVE)


# The agreements a coordinator has in hand: not ended, in the order of the flow.
IN_HAND_STATUSES = ("draft", "offered", "confirmed", "active")


def flow_order():
    """Where an agreement in hand stands in the flow (0 for a draft), for ``order_by``: the
    same expression as the index that serves the inbox's list."""
    return Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(IN_HAND_STATUSES)),
        output_field=IntegerField(),
    )


class Insurance(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality's insurance")
    ORGANISATION = "organisation", _("The organisation's insurance")
    OWN = "own", _("The volunteer's own insurance")


class VolunteerAgreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OFFERED = "offered", _("Offered to the volunteer")
        CONFIRMED = "confirmed", _("Confirmed by the volunteer")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    STATUS_MACHINE = StateMachine(
        field="status",
        choices=Status,
        transitions={
            Status.DRAFT: frozenset({Status.OFFERED, Status.ENDED}),
            Status.OFFERED: frozenset({Status.CONFIRMED, Status.ENDED}),
            Status.CONFIRMED: frozenset({Status.ACTIVE, Status.ENDED}),
            Status.ACTIVE: frozenset({Status.ENDED}),
        },
        changed_at="status_changed_at",
        refused=_("A volunteer agreement cannot go from “%(old)s” to “%(new)s”."),
    )
    # The statuses that hold a place of the opportunity (an offer only until ``answer_by``).
    PLACE_STATUSES = (Status.OFFERED, Status.CONFIRMED, Status.ACTIVE)

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="volunteer_agreements",
    )
    unit = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("home unit"),
        on_delete=models.PROTECT,
        related_name="volunteer_agreements",
        limit_choices_to={"kind__in": ("administration", "centre", "unit")},
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="volunteer_contacts",
        help_text=_("A staff member of the home unit."),
    )
    opportunity = models.ForeignKey(
        "partnerships.Opportunity",
        verbose_name=_("volunteer opportunity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    interest = models.OneToOneField(
        "partnerships.Interest",
        verbose_name=_("interest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement",
        editable=False,
    )
    tasks = models.TextField(_("tasks"), validators=[no_cpr_number], max_length=TEXT_MAX)
    expectations = models.TextField(
        _("mutual expectations"),
        blank=True,
        validators=[no_cpr_number],
        help_text=_("What the volunteer and the unit can expect of each other."),
        max_length=TEXT_MAX,
    )
    task_boundary = models.TextField(
        _("the line between the volunteer's and paid staff's tasks"),
        blank=True,
        validators=[no_cpr_number],
        max_length=TEXT_MAX,
    )
    rhythm = models.CharField(_("rhythm"), max_length=200, blank=True, validators=[no_cpr_number])
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    meetings = models.CharField(
        _("follow-up meetings"),
        max_length=200,
        blank=True,
        validators=[no_cpr_number],
        help_text=_("For example: a talk with the contact person every six months."),
    )
    insurance = models.CharField(
        _("insurance"), max_length=20, choices=Insurance, default=Insurance.MUNICIPALITY
    )
    # The child-protection certificate: required, and a note of its assessment only.
    child_certificate_required = models.BooleanField(
        _("child-protection certificate required"), default=False
    )
    child_certificate_assessed_on = models.DateField(
        _("child-protection certificate assessed on"), null=True, blank=True, editable=False
    )
    child_certificate_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    child_certificate_renew_by = models.DateField(
        _("child-protection certificate due again"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)
    answer_by = models.DateTimeField(_("answer by"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, editable=False)
    approved_at = models.DateTimeField(_("approved"), null=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    ended_reason = models.TextField(
        _("reason for ending"), blank=True, editable=False, validators=[no_cpr_number]
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VolunteerAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer agreement")
        verbose_name_plural = _("volunteer agreements")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["opportunity", "status"]),
            models.Index(fields=["status", "end_date"]),
            # The inbox's agreements in hand in their order: a page reads its rows only.
            models.Index(
                flow_order(),
                "start_date",
                "id",
                name="volunteer_agreement_in_hand",
                condition=Q(status__in=IN_HAND_STATUSES),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="volunteer_agreement_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return _("Volunteer agreement: %(volunteer)s, %(unit)s") % {
            "volunteer": self.volunteer,
            "unit": self.unit,
        }

    def get_absolute_url(self):
        return reverse("volunteering:agreement-detail", kwargs={"pk": self.pk})

    @property
    def child_certificate_recorded(self):
        return self.child_certificate_assessed_on is not None

    @property
    def child_certificate_missing(self):
        return self.child_certificate_required and not self.child_certificate_recorded

    def offer_open(self, now=None):
        return (
            self.status == self.Status.OFFERED
            and self.answer_by is not None
            and self.answer_by > (now or timezone.now())
        )

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")},
                code="end_before_start",
            )
        if self.unit_id and self.contact_person_id:
            from organisations.models import Membership

            is_member = Membership.objects.filter(
                user_id=self.contact_person_id,
                organisation_id=self.unit_id,
                capacity__in=(Membership.Capacity.STAFF, Membership.Capacity.COORDINATOR),
            ).exists()
            if not is_member:
                raise ValidationError(
                    {
                        "contact_person": _(
                            "The contact person must be a staff member of the home unit."
                        )
                    },
                    code="contact_outside_unit",
                )
