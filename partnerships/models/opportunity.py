"""Volunteer opportunities (frivilligopgaver): tasks a unit or an organisation wants help with.

The five kinds are those of the Lyngby-Taarbæk policy. An opportunity is drafted, published
(open for interest) and closed; the status moves only through ``STATUS_MACHINE``. How many of
its places are taken is never stored: ``partnerships.services.places`` counts it from the
interests and agreements that hold one (see there which do).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from volunteer_portal.search import danish, search_document, with_search_text
from volunteer_portal.transitions import StateMachine
from volunteer_portal.validators import TEXT_MAX, no_cpr_number


class Kind(models.TextChoices):
    """The kinds of voluntary work of the Lyngby-Taarbæk policy."""

    CONCRETE = "concrete", _("Concrete activities")
    CULTURAL = "cultural", _("Cultural events")
    PARTIES = "parties", _("Parties and events")
    ESCORT = "escort", _("Escort service")
    COMPANY = "company", _("Company and presence (visiting friend)")


class TimeOfWeek(models.TextChoices):
    """When a volunteer can help, and when an opportunity needs help."""

    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekdays, daytime")
    WEEKDAY_EVENING = "weekday_evening", _("Weekdays, evening")
    WEEKEND = "weekend", _("Weekends")


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Opportunity.Status.PUBLISHED)

    def with_list_data(self):
        return self.select_related("organisation", "area")

    def handled_by(self, user):
        """The opportunities whose interest ``user`` handles: those of the units they
        coordinate and those that name them as a coordinator. Administrators handle all."""
        from organisations.models import Membership

        if not user.is_authenticated:
            return self.none()
        if user.is_portal_admin:
            return self
        units = user.memberships_index.organisation_ids(Membership.Capacity.COORDINATOR)
        if not units and not user.is_municipal:
            return self.none()
        return self.filter(Q(organisation_id__in=units) | Q(coordinators=user)).distinct()

    def visible_to(self, user):
        """Published and closed ones for everyone; drafts for those who handle them."""
        public = self.exclude(status=Opportunity.Status.DRAFT)
        if not user.is_authenticated or not user.is_municipal:
            return public
        handled = Opportunity.objects.handled_by(user).values("pk")
        return self.filter(Q(pk__in=public.values("pk")) | Q(pk__in=handled))


class Opportunity(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    STATUS_MACHINE = StateMachine(
        field="status",
        choices=Status,
        transitions={
            Status.DRAFT: frozenset({Status.PUBLISHED}),
            Status.PUBLISHED: frozenset({Status.CLOSED}),
            Status.CLOSED: frozenset({Status.PUBLISHED}),
        },
        changed_at="status_changed_at",
        refused=_("A volunteer opportunity cannot go from “%(old)s” to “%(new)s”."),
    )

    title = models.CharField(_("title"), max_length=200, validators=[no_cpr_number])
    description = models.TextField(
        _("description"), validators=[no_cpr_number], max_length=TEXT_MAX
    )
    kind = models.CharField(_("kind of voluntary work"), max_length=20, choices=Kind)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("unit or organisation"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_opportunities",
        help_text=_(
            "They are mailed every new interest. Without any, the unit's coordinators are."
        ),
    )
    target_groups = models.ManyToManyField(
        "organisations.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="opportunities",
    )
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[no_cpr_number])
    area = models.ForeignKey(
        "organisations.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    meeting_place = models.CharField(
        _("meeting place"), max_length=200, blank=True, validators=[no_cpr_number]
    )
    rhythm = models.CharField(
        _("rhythm"),
        max_length=200,
        blank=True,
        validators=[no_cpr_number],
        help_text=_("For example: every Tuesday."),
    )
    time_commitment = models.CharField(
        _("time commitment"),
        max_length=200,
        blank=True,
        validators=[no_cpr_number],
        help_text=_("For example: 2 hours a week."),
    )
    times = models.JSONField(_("when"), default=list, blank=True)
    is_one_off = models.BooleanField(
        _("one-off"), default=False, help_text=_("A single occasion rather than regular help.")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    volunteers_wanted = models.PositiveSmallIntegerField(_("volunteers wanted"), default=1)
    skills = models.TextField(
        _("skills wanted"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    languages = models.CharField(
        _("languages wanted"),
        max_length=200,
        blank=True,
        validators=[no_cpr_number],
        help_text=_("Separated by commas, for example: Danish, Arabic."),
    )
    practical_notes = models.TextField(
        _("practical notes"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    works_with_children = models.BooleanField(
        _("direct contact with children under 15"),
        default=False,
        help_text=_(
            "With a fixed attachment to the children: then a child-protection certificate "
            "(børneattest) is required."
        ),
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives of the action plan it serves"),
        blank=True,
        related_name="opportunities",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")
        ordering = [danish("title"), "pk"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["status", "area"]),
            # The public list: published ones in Danish order.
            models.Index(
                danish("title"),
                "id",
                name="opportunity_published_title_da",
                condition=Q(status="published"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="opportunity_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(volunteers_wanted__gte=1), name="opportunity_wants_a_volunteer"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **with_search_text(self, kwargs))

    def get_absolute_url(self):
        return reverse("volunteering:opportunity-detail", kwargs={"pk": self.pk})

    def compute_search_text(self):
        lists = []
        if self.pk:
            lists = list(self.target_groups.values_list("name", flat=True))
        return search_document(
            self.title,
            self.organisation.name if self.organisation_id else "",
            self.area.name if self.area_id else "",
            self.get_kind_display() if self.kind else "",
            self.place,
            self.skills,
            self.languages,
            *lists,
            self.description,
        )

    @property
    def requires_child_certificate(self):
        return self.works_with_children

    @property
    def is_open(self):
        return self.status == self.Status.PUBLISHED

    def get_times_display(self):
        labels = dict(TimeOfWeek.choices)
        return [labels[t] for t in self.times if t in labels]

    def language_list(self):
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")},
                code="end_before_start",
            )
        unknown = set(self.times or []) - set(TimeOfWeek.values)
        if unknown:
            raise ValidationError({"times": _("Choose the times from the list.")})
