"""Filters of the staff overview of one action plan and of the history pages."""

import django_filters
from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _

from initiatives import history
from initiatives.models import Initiative, InitiativeActor, StrategicGoal
from volunteer_portal.widgets import FastSelect

# Actor choices carry their kind in the value: "org-<pk>" for an organisation or unit of
# the portal, "name-<text>" for a free-text actor.
ORGANISATION_PREFIX = "org-"
NAME_PREFIX = "name-"


def actor_choices(plan):
    """The distinct actors of the plan's initiatives, in one query, sorted by name."""
    rows = (
        InitiativeActor.objects.filter(initiative__plan=plan)
        .order_by()
        .values_list("organisation_id", "organisation__name", "name")
        .distinct()
    )
    choices = set()
    for organisation_id, organisation_name, name in rows:
        if organisation_id is not None:
            choices.add((f"{ORGANISATION_PREFIX}{organisation_id}", organisation_name))
        elif name:
            choices.add((f"{NAME_PREFIX}{name}", name))
    return sorted(choices, key=lambda choice: (choice[1].casefold(), choice[0]))


class InitiativeFilter(django_filters.FilterSet):
    """Initiatives of one plan by status, strategic goal, actor and year.

    Takes the plan and the years to offer (``plan=``, ``years=``) so that the goal and actor
    choices only show what belongs to that plan.
    """

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Initiative.Status.choices, empty_label=_("All statuses")
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Strategic goal"),
        field_name="goals",
        queryset=StrategicGoal.objects.none(),
        empty_label=_("All goals"),
    )
    actor = django_filters.ChoiceFilter(
        label=_("Actor"), method="filter_actor", empty_label=_("All actors"), widget=FastSelect
    )
    year = django_filters.ChoiceFilter(
        label=_("Runs in year"), method="filter_year", empty_label=_("All years")
    )

    class Meta:
        model = Initiative
        fields = ["status", "goal", "actor", "year"]

    def __init__(self, *args, plan, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["goal"].queryset = StrategicGoal.objects.filter(plan=plan).order_by("number")
        self.filters["actor"].extra["choices"] = actor_choices(plan)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]

    def filter_actor(self, queryset, name, value):
        if value.startswith(ORGANISATION_PREFIX):
            organisation_id = value.removeprefix(ORGANISATION_PREFIX)
            if not organisation_id.isdigit():
                return queryset.none()
            return queryset.with_actor(organisation_id=int(organisation_id))
        if value.startswith(NAME_PREFIX):
            return queryset.with_actor(name=value.removeprefix(NAME_PREFIX))
        return queryset.none()

    def filter_year(self, queryset, name, value):
        return queryset.running_in(int(value))


class HistoryFilter(django_filters.FilterSet):
    """The entries of a history page by kind (changes, status changes, progress notes) and,
    on a plan's history, by initiative.

    ``initiatives`` (pk → Initiative, loaded once for the page) are the plan's initiatives
    to choose from; without it the filter has no initiative choice (an initiative's own
    history). Choosing costs no query: the choices are the initiatives already loaded.
    """

    initiative = django_filters.ChoiceFilter(
        label=_("Initiative"), method="filter_initiative", empty_label=_("All initiatives")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=history.Kind.choices,
        method="filter_kind",
        empty_label=_("Everything"),
    )

    class Meta:
        model = LogEntry
        fields = ["initiative", "kind"]

    def __init__(self, *args, initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiatives = initiatives
        if initiatives is None:
            del self.filters["initiative"]
        else:
            self.filters["initiative"].extra["choices"] = [
                (str(pk), str(initiative)) for pk, initiative in initiatives.items()
            ]

    def filter_initiative(self, queryset, name, value):
        initiative = self.initiatives.get(int(value))
        return queryset.filter(history.initiative_condition(initiative))

    def filter_kind(self, queryset, name, value):
        return history.of_kind(queryset, value)
