"""The coordinator's inbox: its filter, and the reason for declining an interest. Validation
only: the changes go through partnerships.services.interests."""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership
from partnerships.models import Interest, Opportunity
from volunteer_portal import caching
from volunteer_portal.validators import no_cpr_number
from volunteer_portal.widgets import FastSelect

OPEN = "open"
ALL = "all"
NEWEST = "newest"


def service_goal_passed_before(now=None):
    """Interests registered before this moment and still new have waited longer than the
    municipality's service goal for an answer."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.VOLUNTEER_SERVICE_GOAL_DAYS)


class InboxFilter(django_filters.FilterSet):
    """The inbox: the open interests by default, oldest first (who has waited longest)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (OPEN, _("All open")),
            *Interest.Status.choices,
            (ALL, _("All statuses")),
        ],
        method="filter_status",
        empty_label=None,
        help_text=_("Open: new, in dialogue or on the waiting list."),
    )
    opportunity = django_filters.ModelChoiceFilter(
        label=_("Opportunity"),
        queryset=Opportunity.objects.none(),
        empty_label=_("All opportunities"),
        widget=FastSelect(label_fields=["title"]),
    )
    older_than = django_filters.NumberFilter(
        label=_("Registered more than this many days ago"),
        method="filter_older_than",
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(attrs={"min": 0, "max": 3650}),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only new ones waiting longer than the service goal"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    order = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(NEWEST, _("Newest first"))],
        empty_label=_("Waited longest first"),
        method="filter_order",
    )

    class Meta:
        model = Interest
        fields = ["status", "opportunity"]

    # Its form is cached ({% filter_form %}): the opportunities the reader handles.
    cache_scopes = (caching.OPPORTUNITIES,)

    def __init__(self, data=None, *args, user, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("status", OPEN)
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["overdue"].label = _(
            "Only new ones waiting longer than the service goal (%(days)s days)"
        ) % {"days": settings.VOLUNTEER_SERVICE_GOAL_DAYS}
        self.filters["opportunity"].queryset = Opportunity.objects.handled_by(user)

    def cache_parts(self):
        """Whose opportunities: the units the reader coordinates, and whether they handle all."""
        units = self.user.memberships_index.organisation_ids(Membership.Capacity.COORDINATOR)
        return (self.user.pk, self.user.is_portal_admin, tuple(sorted(units)))

    def filter_order(self, queryset, name, value):
        return queryset.order_by("-created_at", "-pk") if value == NEWEST else queryset

    def filter_status(self, queryset, name, value):
        if value == ALL:
            return queryset
        if value == OPEN:
            return queryset.filter(status__in=Interest.OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_older_than(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(created_at__lt=timezone.now() - datetime.timedelta(days=int(value)))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            status=Interest.Status.NEW, created_at__lt=service_goal_passed_before()
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the interest declined? The volunteer will read this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        validators=[no_cpr_number],
        error_messages={"required": _("Give the reason, so that the volunteer knows why.")},
    )
