import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from organisations.filters import DanishChoicesSelect
from organisations.models import Area, Organisation, TargetGroup
from partnerships.models import Agreement, GrantPool, Opportunity
from partnerships.models.opportunity import Kind
from partnerships.overview import OTHER, OTHER_KINDS
from volunteer_portal import caching
from volunteer_portal.search import search
from volunteer_portal.widgets import FastSelect

CURRENT = "current"


class AgreementFilter(django_filters.FilterSet):
    """The staff's list of agreements: every filter the overview's cells link to."""

    # Its form is cached ({% filter_form %}): units and partners, initiatives, pools.
    cache_scopes = (caching.DIRECTORY, caching.INITIATIVES, caching.AGREEMENTS)

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(CURRENT, _("In force (active or expiring)")), *Agreement.Status.choices],
        method="filter_status",
        empty_label=_("All statuses"),
    )
    involvement = django_filters.ChoiceFilter(
        label=_("Municipal involvement"),
        choices=Agreement.Involvement.choices,
        empty_label=_("Any involvement"),
    )
    partner_kind = django_filters.ChoiceFilter(
        label=_("Volunteer type of a partner"),
        choices=[*Organisation.Kind.choices, (OTHER, _("Other partners"))],
        method="filter_partner_kind",
        empty_label=_("All kinds"),
    )
    responsible_unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"),
        queryset=Organisation.objects.municipal().active(),
        empty_label=_("All units"),
        widget=FastSelect(label_fields=["name"]),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner organisation"),
        field_name="partners",
        # Only organisations that are partners of an agreement: any other gives no rows.
        queryset=Organisation.objects.civil_society().filter(
            pk__in=Agreement.partners.through.objects.values("organisation")
        ),
        empty_label=_("All partners"),
        distinct=True,
        widget=FastSelect(label_fields=["name"]),
    )
    initiative = django_filters.ModelChoiceFilter(
        label=_("Initiative"),
        field_name="initiatives",
        queryset=Initiative.objects.select_related("plan").order_by("-plan__start_year", "number"),
        empty_label=_("Any initiative"),
        distinct=True,
        # The plan's title, then the initiative's number and title.
        widget=FastSelect(
            label_fields=["plan__title", "number", "title"], label_format="{}: {}. {}"
        ),
    )
    pool = django_filters.ModelChoiceFilter(
        label=_("Grant pool"),
        field_name="grants__pool",
        queryset=GrantPool.objects.all(),
        empty_label=_("Any pool"),
        distinct=True,
    )
    year = django_filters.NumberFilter(
        label=_("In force in year"),
        method="filter_year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    order = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("start_date", "start"), ("end_date", "end")),
        field_labels={"title": _("Title"), "start_date": _("Start"), "end_date": _("End")},
        empty_label=_("Newest first"),
    )

    class Meta:
        model = Agreement
        fields = ["kind", "status", "involvement", "partner_kind", "responsible_unit"]

    def filter_status(self, queryset, name, value):
        if value == CURRENT:
            return queryset.current()
        return queryset.filter(status=value)

    def filter_partner_kind(self, queryset, name, value):
        kinds = OTHER_KINDS if value == OTHER else [value]
        return queryset.filter(partners__kind__in=kinds).distinct()

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=value), start_date__year__lte=value
        )


# Volunteer opportunities (the public list at /volunteering/).

ONE_OFF, REGULAR = "one_off", "regular"


class OpportunityFilter(django_filters.FilterSet):
    """The public list of volunteer opportunities: free text, what kind of work, where, for
    whom, at which unit or organisation, one-off or regular, and whether a place is left.
    The view annotates ``places_left`` (partnerships.services.places.with_places_left)."""

    # Its form's choices ({% filter_form %}): areas, target groups, units.
    cache_scopes = (caching.DIRECTORY, caching.OPPORTUNITIES)

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of voluntary work"), choices=Kind.choices, empty_label=_("All kinds")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.all(),
        empty_label=_("All areas"),
        widget=DanishChoicesSelect,
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        empty_label=_("All target groups"),
        widget=DanishChoicesSelect,
        distinct=True,
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Unit or organisation"),
        queryset=Organisation.objects.filter(
            pk__in=Opportunity.objects.published().values("organisation")
        ),
        empty_label=_("All units and organisations"),
        widget=DanishChoicesSelect,
    )
    rhythm = django_filters.ChoiceFilter(
        label=_("One-off or regular"),
        choices=[(ONE_OFF, _("One-off")), (REGULAR, _("Regular"))],
        method="filter_rhythm",
        empty_label=_("Both"),
    )
    places_left = django_filters.BooleanFilter(
        label=_("Only with places left"), method="filter_places_left", widget=forms.CheckboxInput
    )

    class Meta:
        model = Opportunity
        fields = ["q", "kind", "area", "target_group", "organisation", "rhythm", "places_left"]

    def filter_search(self, queryset, name, value):
        return search(queryset, value)

    def filter_rhythm(self, queryset, name, value):
        return queryset.filter(is_one_off=value == ONE_OFF)

    def filter_places_left(self, queryset, name, value):
        return queryset.filter(places_left__gt=0) if value else queryset
