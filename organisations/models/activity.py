"""What organisations offer citizens (a walking group, a grief group, a soup kitchen), with
the editable lists of target groups and challenges that staff and citizens search them by."""

import calendar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models.organisation import NamedListItem
from volunteer_portal.search import danish, search_document, with_search_text
from volunteer_portal.validators import (
    TEXT_MAX,
    danish_phone_validator,
    no_cpr_number,
    plain_email_validator,
)


class TargetGroup(NamedListItem):
    """Who an activity is for (elderly, young, relatives, …); an editable list."""

    class Meta(NamedListItem.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Challenge(NamedListItem):
    """A challenge or life situation an activity helps with (loneliness, grief, …), as the
    national directory Socialkompas lets citizens search; an editable list."""

    class Meta(NamedListItem.Meta):
        verbose_name = _("challenge or life situation")
        verbose_name_plural = _("challenges and life situations")


# An activity not confirmed for this long is flagged to staff and marked in public.
STALE_AFTER_MONTHS = 15


def stale_before(today=None):
    """The date before which a confirmation is too old (15 months before ``today``)."""
    today = today or timezone.localdate()
    month = today.month - STALE_AFTER_MONTHS
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return today.replace(
        year=year, month=month, day=min(today.day, calendar.monthrange(year, month)[1])
    )


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def possibly_outdated(self, today=None):
        """Not confirmed for 15 months (or never)."""
        return self.filter(
            Q(last_confirmed__isnull=True) | Q(last_confirmed__lt=stale_before(today))
        )

    def with_detail_data(self):
        """Everything an activity's listing shows, in a fixed number of queries."""
        return self.select_related("area").prefetch_related("target_groups", "challenges")


def published_activities_prefetch():
    """For an organisation's page: its published activities with their lists, loaded at once."""
    return Prefetch(
        "activities",
        queryset=Activity.objects.published().with_detail_data(),
        to_attr="published_activities",
    )


PUBLISHED = Q(is_published=True)

WEEKDAY_FIELDS = (
    ("on_monday", _("Monday")),
    ("on_tuesday", _("Tuesday")),
    ("on_wednesday", _("Wednesday")),
    ("on_thursday", _("Thursday")),
    ("on_friday", _("Friday")),
    ("on_saturday", _("Saturday")),
    ("on_sunday", _("Sunday")),
)


class Activity(models.Model):
    """Something an organisation offers citizens, that staff can refer a citizen to.

    When it happens is a rhythm in words ("every other Tuesday", "by arrangement") and, where
    it is regular, the weekdays (seven booleans: they work alike on SQLite and PostgreSQL and
    can be filtered on) and a start and end time. No price means free.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_cpr_number])
    description = models.TextField(
        _("description"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="activities"
    )
    challenges = models.ManyToManyField(
        Challenge,
        verbose_name=_("challenges or life situations"),
        blank=True,
        related_name="activities",
    )
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    area = models.ForeignKey(
        "organisations.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("Address or name of the place."),
        validators=[no_cpr_number],
    )
    is_by_phone = models.BooleanField(_("by phone"), default=False)
    is_online = models.BooleanField(_("online"), default=False)
    rhythm = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        help_text=_("In words, such as “every Tuesday” or “by arrangement”."),
        validators=[no_cpr_number],
    )
    on_monday = models.BooleanField(_("Monday"), default=False)
    on_tuesday = models.BooleanField(_("Tuesday"), default=False)
    on_wednesday = models.BooleanField(_("Wednesday"), default=False)
    on_thursday = models.BooleanField(_("Thursday"), default=False)
    on_friday = models.BooleanField(_("Friday"), default=False)
    on_saturday = models.BooleanField(_("Saturday"), default=False)
    on_sunday = models.BooleanField(_("Sunday"), default=False)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    price_dkk = models.DecimalField(
        _("price (DKK)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when the activity is free."),
    )
    referral_needed = models.BooleanField(
        _("referral needed"),
        default=False,
        help_text=_("A citizen must be referred; otherwise anyone may just turn up."),
    )
    welcome_name = models.CharField(
        _("welcome contact"),
        max_length=200,
        blank=True,
        help_text=_("The person who receives newcomers."),
        validators=[no_cpr_number],
    )
    welcome_phone = models.CharField(
        _("welcome contact's telephone"),
        max_length=40,
        blank=True,
        validators=[danish_phone_validator],
    )
    welcome_email = models.EmailField(
        _("welcome contact's e-mail"), blank=True, validators=[plain_email_validator]
    )
    may_bring_companion = models.BooleanField(_("may bring a companion"), default=False)
    can_be_accompanied = models.BooleanField(
        _("can be accompanied the first time"),
        default=False,
        help_text=_("A volunteer or a member can go with a newcomer the first time."),
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, lift, accessible toilet, hearing loop, …"),
        validators=[no_cpr_number],
        max_length=TEXT_MAX,
    )
    is_published = models.BooleanField(_("published"), default=False)
    last_confirmed = models.DateField(
        _("last confirmed"),
        null=True,
        blank=True,
        help_text=_("When the organisation last confirmed that the details are right."),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = [danish("title"), "pk"]
        indexes = [
            # The public list and bridge-building: published ones in Danish order, and their
            # count by organisation without reading the rows.
            models.Index(
                danish("title"), "id", name="activity_published_title_da", condition=PUBLISHED
            ),
            models.Index(
                fields=["organisation"], name="activity_published_org", condition=PUBLISHED
            ),
            # The list to check: published ones by the date they were last confirmed.
            models.Index(
                fields=["last_confirmed"], name="activity_published_confirmed", condition=PUBLISHED
            ),
        ]
        constraints = [
            # The same rules as clean(), for rows that do not come through a form.
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="activity_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="activity_age_range_in_order",
            ),
            models.CheckConstraint(
                condition=Q(price_dkk__isnull=True) | Q(price_dkk__gte=0),
                name="activity_price_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **with_search_text(self, kwargs))

    def get_absolute_url(self):
        return reverse("organisations:activity-detail", kwargs={"pk": self.pk})

    def compute_search_text(self):
        """Its own words, its organisation's name, its area and, once saved, its lists."""
        lists = []
        if self.pk:
            lists = [
                *self.target_groups.values_list("name", flat=True),
                *self.challenges.values_list("name", flat=True),
            ]
        return search_document(
            self.title,
            self.organisation.name if self.organisation_id else "",
            self.area.name if self.area_id else "",
            self.place,
            self.rhythm,
            *lists,
            self.description,
        )

    def refresh_search_text(self):
        """After its target groups or challenges change (they are saved after the row)."""
        self.search_text = self.compute_search_text()
        type(self).objects.filter(pk=self.pk).update(search_text=self.search_text)

    @property
    def is_possibly_outdated(self):
        return self.last_confirmed is None or self.last_confirmed < stale_before()

    @property
    def is_free(self):
        return self.price_dkk is None or self.price_dkk == 0

    @property
    def weekdays(self):
        """The labels of the weekdays it meets on, Monday first."""
        return [label for field, label in WEEKDAY_FIELDS if getattr(self, field)]

    def clean_fields(self, exclude=None):
        self.welcome_phone = " ".join((self.welcome_phone or "").split())
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        errors = {}
        if self.end_time is not None and self.start_time is None:
            errors["start_time"] = ValidationError(
                _("Give the start time too, or leave both times empty."),
                code="end_without_start",
            )
        elif (
            self.start_time is not None
            and self.end_time is not None
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = ValidationError(
                _("The end time must be after the start time."), code="ends_before_start"
            )
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            errors["max_age"] = ValidationError(
                _("The upper age must be at least the lower age."), code="ages_reversed"
            )
        if errors:
            raise ValidationError(errors)
