"""Interest (interessetilkendegivelse): a volunteer's request to help, for one opportunity or
in general for a unit or the volunteer centre. Every new one goes to the coordinators.

An interest in a full opportunity waits on its waiting list, in the order it came (its
position is counted, never stored). When a place frees, the first waiting one is offered it
until ``place_offered_until``; accepting makes it a new interest, an offer not answered in time
lapses and the place passes on. See ``partnerships.services.places`` for which interests hold
a place.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteer_portal.transitions import StateMachine
from volunteer_portal.validators import no_cpr_number


class InterestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Interest.OPEN_STATUSES)

    def with_list_data(self):
        return self.select_related("volunteer", "opportunity", "organisation")

    def handled_by(self, user):
        """The interests a coordinator handles: those for the units they coordinate (or
        below them), those for opportunities that name them, and general interests for the
        volunteer centre, the front door of every unit. Administrators: all."""
        from organisations.models import Membership, Organisation
        from partnerships.models.opportunity import Opportunity

        if not user.is_authenticated or not user.is_municipal:
            return self.none()
        if user.is_portal_admin:
            return self
        # Ids, not subqueries or a join to the unit's kind: with lists PostgreSQL ORs three
        # index scans, where it filtered every open interest (10 ms at 150,000 interests).
        # One query for both lists: the opportunities that name the user, the volunteer centres.
        naming_them = Opportunity.coordinators.through.objects.filter(user=user)
        centres = Organisation.objects.filter(kind=Organisation.Kind.VOLUNTEER_CENTRE)
        rows = (
            naming_them.annotate(centre=Value(False))
            .values_list("opportunity_id", "centre")
            .union(centres.annotate(centre=Value(True)).values_list("pk", "centre"), all=True)
        )
        named_ids, centre_ids = [], []
        for pk, centre in rows:
            (centre_ids if centre else named_ids).append(pk)
        named = Q(opportunity_id__in=named_ids)
        units = user.memberships_index.organisation_ids(Membership.Capacity.COORDINATOR)
        if not units:
            return self.filter(named)
        return self.filter(
            Q(organisation_id__in=units)
            | named
            | Q(opportunity__isnull=True, organisation_id__in=centre_ids)
        )

    def waiting_in_order(self):
        return self.filter(status=Interest.Status.WAITING).order_by("created_at", "pk")


class Interest(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("On the waiting list")
        NEW = "new", _("New")
        DIALOGUE = "dialogue", _("In dialogue")
        AGREEMENT_OFFERED = "agreement_offered", _("Agreement offered")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Offered place not answered")

    # Open: the volunteer has one of these per opportunity (or per unit, in general) at most.
    OPEN_STATUSES = (Status.WAITING, Status.NEW, Status.DIALOGUE)
    STATUS_MACHINE = StateMachine(
        field="status",
        choices=Status,
        transitions={
            Status.WAITING: frozenset({Status.NEW, Status.WITHDRAWN, Status.LAPSED}),
            Status.NEW: frozenset(
                {Status.DIALOGUE, Status.AGREEMENT_OFFERED, Status.DECLINED, Status.WITHDRAWN}
            ),
            Status.DIALOGUE: frozenset(
                {Status.AGREEMENT_OFFERED, Status.DECLINED, Status.WITHDRAWN}
            ),
        },
        changed_at="status_changed_at",
        refused=_("An interest cannot go from “%(old)s” to “%(new)s”."),
    )

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    opportunity = models.ForeignKey(
        "partnerships.Opportunity",
        verbose_name=_("volunteer opportunity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interests",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("unit or volunteer centre"),
        on_delete=models.PROTECT,
        related_name="interests",
        help_text=_("For an opportunity, the unit or organisation it belongs to."),
    )
    message = models.TextField(
        _("message"), blank=True, max_length=2000, validators=[no_cpr_number]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)
    declined_reason = models.TextField(
        _("reason for declining"), blank=True, editable=False, validators=[no_cpr_number]
    )
    # The first time a coordinator answered (moved it on): the service goal is measured to it.
    answered_at = models.DateTimeField(_("answered"), null=True, editable=False)
    place_offered_until = models.DateTimeField(
        _("place offered until"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["opportunity", "status", "created_at"]),
            models.Index(fields=["organisation", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            # The inbox's default: the open ones, oldest first.
            models.Index(
                fields=["created_at", "id"],
                name="interest_open_oldest_first",
                condition=Q(status__in=("waiting", "new", "dialogue")),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "opportunity"],
                condition=Q(status__in=("waiting", "new", "dialogue")),
                name="one_open_interest_per_opportunity",
            ),
            models.UniqueConstraint(
                fields=["volunteer", "organisation"],
                condition=Q(opportunity__isnull=True, status__in=("waiting", "new", "dialogue")),
                name="one_open_general_interest_per_unit",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer}: {self.opportunity or self.organisation}"

    def get_absolute_url(self):
        return reverse("volunteering:interest-detail", kwargs={"pk": self.pk})

    @property
    def is_general(self):
        return self.opportunity_id is None

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def place_offer_open(self, now=None):
        return (
            self.status == self.Status.WAITING
            and self.place_offered_until is not None
            and self.place_offered_until > (now or timezone.now())
        )

    def waiting_position(self):
        """Its place in the queue (1 is next), counted from the waiting list; None when it
        is not waiting."""
        if self.status != self.Status.WAITING or self.opportunity_id is None:
            return None
        ahead = Interest.objects.filter(
            opportunity_id=self.opportunity_id, status=self.Status.WAITING
        ).filter(Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk))
        return ahead.count() + 1
