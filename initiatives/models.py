"""The action plan: strategic goals, numbered initiatives, their actors, timelines and progress."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from volunteer_portal.audit import audit_parent
from volunteer_portal.private_files import PrivateDocument
from volunteer_portal.slugs import NotAPortalAddress
from volunteer_portal.transitions import StateMachine
from volunteer_portal.validators import TEXT_MAX, no_cpr_number

# Years outside this range are typing mistakes (0, 20201, 9999): they would stretch the
# timeline and overflow the calendar export, and no municipal plan needs them.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def validate_year(value):
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s."),
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year_out_of_range",
        )


def validate_date(value):
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date in the years %(first)s to %(last)s."),
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
            code="date_out_of_range",
        )


def validate_progress(value):
    if not 0 <= value <= 100:
        raise ValidationError(
            _("Enter the progress as a percentage from 0 to 100."), code="progress_out_of_range"
        )


class ActionPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ActionPlan.Status.PUBLISHED)

    def visible_to(self, user):
        """Published plans for everyone; drafts too for municipal users."""
        if user.is_authenticated and user.is_municipal:
            return self
        return self.published()


class ActionPlan(models.Model):
    """A municipality's plan for voluntary social work over a period of years."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    # Publishing is for good: a published plan is the municipality's public word.
    STATUS_MACHINE = StateMachine(
        field="status",
        choices=Status,
        transitions={Status.DRAFT: frozenset({Status.PUBLISHED})},
        changed_at="published_at",
        changed_by="published_by",
        refused=_("An action plan cannot go from “%(old)s” to “%(new)s”."),
    )

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=100,
        unique=True,
        validators=[NotAPortalAddress("initiatives.urls")],
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=[validate_year])
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=[validate_year])
    vision = models.TextField(_("vision"), blank=True, max_length=TEXT_MAX)
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, blank=True, default="Serviceloven § 18"
    )
    introduction = models.TextField(_("introduction"), blank=True, max_length=TEXT_MAX)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    previous_plan = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="plan_end_not_before_start"
            ),
        ]

    def __str__(self):
        return self.title if self.title_names_period else f"{self.title} {self.period}"

    def get_absolute_url(self):
        return reverse("initiatives:plan-detail", kwargs={"slug": self.slug})

    @property
    def period(self):
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}-{self.end_year}"

    @property
    def title_names_period(self):
        """Whether the title already says the years ('Handleplan 2023-2025')."""
        return self.period in self.title.replace("–", "-")

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def has_ended(self, today):
        """The plan's last year is over."""
        return self.end_year < today.year


class StrategicGoal(models.Model):
    """One of the plan's few numbered strategic goals (strategimål)."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="goals"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX)

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="goal_number_unique_in_plan"),
        ]

    def __str__(self):
        return _("Goal %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    # The plan's history finds the goal's entries by it, even after the goal is deleted.
    get_additional_data = audit_parent("plan")


class InitiativeQuerySet(models.QuerySet):
    def with_list_data(self):
        """What a list of initiatives shows: goals and actors, without a query per row."""
        return self.select_related("plan").prefetch_related(
            "goals",
            models.Prefetch(
                "actors", queryset=InitiativeActor.objects.select_related("organisation")
            ),
        )

    def with_detail_data(self):
        return self.with_page_head_data().prefetch_related(*initiative_body_prefetches())

    def with_page_head_data(self):
        """What the initiative page needs besides its (cached) body: plan, actors (for the
        permissions too), where it was carried over from and to, and its current progress."""
        return (
            self.select_related("plan", "carried_over_from__plan")
            .prefetch_related(
                models.Prefetch(
                    "actors", queryset=InitiativeActor.objects.select_related("organisation")
                ),
                models.Prefetch(
                    "carried_over_to", queryset=Initiative.objects.select_related("plan")
                ),
            )
            .with_progress()
        )

    def with_progress(self):
        """Annotate ``current_progress`` (the percentage of the latest progress note that has
        one, or None) and ``last_note_at`` (when the latest note was written), one subquery
        each instead of a query per initiative."""
        notes = ProgressNote.objects.filter(initiative=models.OuterRef("pk")).order_by()
        with_figure = notes.filter(progress__isnull=False).order_by("-date", "-pk")
        return self.annotate(
            current_progress=models.Subquery(with_figure.values("progress")[:1]),
            last_note_at=models.Subquery(notes.order_by("-created_at").values("created_at")[:1]),
        )

    def visible_to(self, user):
        return self.filter(plan__in=ActionPlan.objects.visible_to(user))

    def running_in(self, year):
        """Initiatives whose timeline includes ``year`` (start_year <= year <= end_year)."""
        return self.filter(start_year__lte=year, end_year__gte=year)

    def with_actor(self, *, organisation_id=None, name=None):
        """Initiatives with the given organisation or free-text actor, each listed once."""
        actors = InitiativeActor.objects.all()
        if organisation_id is not None:
            actors = actors.filter(organisation_id=organisation_id)
        else:
            actors = actors.filter(organisation__isnull=True, name=name)
        return self.filter(pk__in=actors.values("initiative_id"))

    def count_by_status(self):
        """{status: number of initiatives} in one query; statuses without any are left out."""
        rows = self.order_by().values("status").annotate(n=models.Count("pk", distinct=True))
        return {row["status"]: row["n"] for row in rows}

    def year_range(self):
        """(first start year, last end year) of these initiatives, or (None, None)."""
        bounds = self.aggregate(first=models.Min("start_year"), last=models.Max("end_year"))
        return bounds["first"], bounds["last"]

    def with_export_data(self):
        """Everything the print page and the exports show, in a fixed number of queries."""
        return self.with_list_data().prefetch_related(
            "milestones",
            models.Prefetch("related", queryset=Initiative.objects.only("pk", "number", "plan")),
            models.Prefetch(
                "progress_notes", queryset=ProgressNote.objects.order_by("-date", "-pk")
            ),
        )


def initiative_body_prefetches():
    """The rows the initiative page's body shows, for ``prefetch_related``."""
    return [
        "goals",
        "milestones",
        models.Prefetch(
            "related", queryset=Initiative.objects.select_related("plan").order_by("number")
        ),
        models.Prefetch("progress_notes", queryset=ProgressNote.objects.select_related("author")),
        models.Prefetch(
            "status_changes", queryset=StatusChange.objects.select_related("changed_by")
        ),
    ]


class Initiative(models.Model):
    """One numbered initiative (indsats) of an action plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    # Which status may follow which; every change goes through services.initiative_set_status.
    ALLOWED_TRANSITIONS = {
        Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.POSTPONED, Status.CANCELLED}),
        Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.POSTPONED, Status.CANCELLED}),
        Status.POSTPONED: frozenset({Status.PLANNED, Status.IN_PROGRESS, Status.CANCELLED}),
        Status.COMPLETED: frozenset({Status.IN_PROGRESS}),
        Status.CANCELLED: frozenset({Status.PLANNED}),
    }
    STATUS_MACHINE = StateMachine(
        field="status",
        choices=Status,
        transitions=ALLOWED_TRANSITIONS,
        changed_at="status_changed_at",
        refused=_("An initiative cannot go from “%(old)s” to “%(new)s”."),
    )

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    goals = models.ManyToManyField(
        StrategicGoal, verbose_name=_("strategic goals"), blank=True, related_name="initiatives"
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=[validate_year])
    end_year = models.PositiveSmallIntegerField(_("end year"), validators=[validate_year])
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_date]
    )
    end_date = models.DateField(_("end date"), null=True, blank=True, validators=[validate_date])
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PLANNED, editable=False
    )
    status_changed_at = models.DateTimeField(
        _("status changed"), null=True, blank=True, editable=False
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("related initiatives"), blank=True, symmetrical=True
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="initiative_number_unique_in_plan"
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="initiative_end_not_before_start",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse(
            "initiatives:initiative-detail",
            kwargs={"slug": self.plan.slug, "number": self.number},
        )

    @property
    def period(self):
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}-{self.end_year}"

    @property
    def is_carried_over(self):
        return self.carried_over_from_id is not None

    def allowed_next_statuses(self):
        return self.STATUS_MACHINE.allowed_from(self.status)

    # The plan's history finds a deleted initiative by it.
    get_additional_data = audit_parent("plan")


class InitiativeActor(models.Model):
    """An actor of an initiative: an organisation or unit of the portal, or free text."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        PARTICIPANT = "participant", _("Participant")
        CONTRIBUTOR = "contributor", _("Contributor")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="actors"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation or unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiative_roles",
    )
    name = models.CharField(
        _("other actor"),
        max_length=200,
        blank=True,
        help_text=_("Where no organisation is registered, e.g. 'Citizens and local associations'."),
        validators=[no_cpr_number],
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.PARTICIPANT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        # By the column, not the relation: "initiative" would join the initiative and its plan
        # for their own ordering (on every prefetch), and no index serves that. The same below.
        ordering = ["initiative_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(name=""),
                name="actor_has_organisation_or_name",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.organisation.name if self.organisation_id else self.name

    # The initiative's history finds the actor's entries by it, even after it is removed.
    get_additional_data = audit_parent("initiative")


class Milestone(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    date = models.DateField(_("date"), validators=[validate_date])
    title = models.CharField(_("title"), max_length=300)
    is_reached = models.BooleanField(_("reached"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["initiative_id", "date", "pk"]
        # The plan page, its exports and the feed read each initiative's rows in this order.
        indexes = [models.Index(fields=["initiative", "date", "id"], name="milestone_in_order")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def is_overdue(self, today):
        """Its date has passed and it has not been reached."""
        return not self.is_reached and self.date < today

    get_additional_data = audit_parent("initiative")


class ProgressNote(models.Model):
    """What has happened in an initiative, written by staff over time."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="progress_notes",
    )
    date = models.DateField(_("date"), validators=[validate_date])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Optional: a note may only tell what happened, or only how far the initiative has come.
    progress = models.PositiveSmallIntegerField(
        _("progress in per cent"), null=True, blank=True, validators=[validate_progress]
    )
    text = models.TextField(_("text"), blank=True, validators=[no_cpr_number])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["initiative_id", "-date", "-pk"]
        indexes = [
            models.Index(fields=["initiative", "-date", "-id"], name="progress_note_newest_first")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="progress_note_progress_0_to_100",
            ),
            models.CheckConstraint(
                condition=~Q(text="") | Q(progress__isnull=False),
                name="progress_note_has_text_or_progress",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.initiative}"

    def clean(self):
        """A note says something (text, a percentage or both), and a percentage lower than the
        one before it says why: readers would otherwise take the drop for a typing mistake."""
        has_text = bool(self.text.strip())
        if self.progress is None and not has_text:
            raise ValidationError(
                {"text": _("Write what has happened, or give the progress in per cent.")},
                code="empty_note",
            )
        previous = self.previous_progress() if self.progress is not None else None
        if previous is not None and self.progress < previous and not has_text:
            raise ValidationError(
                {
                    "text": ValidationError(
                        _(
                            "The progress goes down from %(previous)s %% to %(progress)s %%: "
                            "write why in the text."
                        ),
                        params={"previous": previous, "progress": self.progress},
                        code="progress_down_without_text",
                    )
                }
            )

    def previous_progress(self):
        """The percentage of the initiative's latest other note with one, dated on or before
        this note (any date when this one has none yet), or None."""
        notes = ProgressNote.objects.filter(
            initiative_id=self.initiative_id, progress__isnull=False
        ).exclude(pk=self.pk)
        if self.date is not None:
            notes = notes.filter(date__lte=self.date)
        return notes.order_by("-date", "-pk").values_list("progress", flat=True).first()

    get_additional_data = audit_parent("initiative")


class StatusChange(models.Model):
    """A record of one status change of an initiative: who, when, from what to what."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Initiative.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Initiative.Status)
    changed_at = models.DateTimeField(_("changed"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True, validators=[no_cpr_number])

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["initiative_id", "-changed_at", "-pk"]
        indexes = [
            models.Index(
                fields=["initiative", "-changed_at", "-id"], name="status_change_newest_first"
            )
        ]

    def __str__(self):
        return f"{self.initiative}: {self.from_status} → {self.to_status}"

    @property
    def is_carry_over(self):
        """The first row of an initiative carried into a new plan: it keeps its status."""
        return self.from_status == self.to_status


class PlanDocument(PrivateDocument):
    """A document attached to an action plan (bilag), e.g. the council's decision or the
    signed plan. Whoever may read the plan may download it, through the download view only."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the plan page; the file name when left empty."),
    )

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["plan", "title", "pk"]

    def __str__(self):
        return self.title or self.original_name

    def get_absolute_url(self):
        return reverse(
            "initiatives:plan-document",
            kwargs={"slug": self.plan.slug, "pk": self.pk, "filename": self.original_name},
        )

    def get_additional_data(self):
        """Stored by django-auditlog with every entry, downloads included: finds the plan's
        documents' entries even after a document is deleted."""
        return {"plan_id": self.plan_id}
