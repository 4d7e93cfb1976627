"""The directory's filters: organisations, and the activities citizens can be referred to.

Free text goes through ``volunteer_portal.search`` (Danish full-text search on PostgreSQL, a
folded fallback on SQLite); every filter accepts any input without an error page.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup
from organisations.models.activity import WEEKDAY_FIELDS
from volunteer_portal import caching
from volunteer_portal.search import search
from volunteer_portal.widgets import FastSelect


class DanishChoicesSelect(FastSelect):
    """A select whose choices are Danish content from the database (areas, target groups,
    challenges): each option but the empty one says lang="da", for the English pages. A
    model's options are its names, from ``values_list``."""

    option_attrs = ' lang="da"'

    def __init__(self, attrs=None, choices=(), label_fields=("name",), label_format="{}"):
        super().__init__(attrs, choices, label_fields, label_format)

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) != "":
            option["attrs"]["lang"] = "da"
        return option


class SearchFilterMixin:
    def filter_search(self, queryset, name, value):
        return search(queryset, value)


class OrganisationFilter(SearchFilterMixin, django_filters.FilterSet):
    cache_scopes = (caching.DIRECTORY,)  # its form's choices ({% filter_form %})

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=[("municipal", _("Municipal units")), ("civil", _("Civil society"))],
        method="filter_sector",
        empty_label=_("All"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.all(),
        empty_label=_("All areas"),
        widget=DanishChoicesSelect,
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "sector", "area"]

    def filter_sector(self, queryset, name, value):
        return queryset.municipal() if value == "municipal" else queryset.civil_society()


class ActivityFilter(SearchFilterMixin, django_filters.FilterSet):
    """Published activities, by what a citizen needs: who it is for, what it helps with, age,
    where, which day, free of charge, and whether one may just turn up."""

    cache_scopes = (caching.DIRECTORY,)  # its form's choices: target groups, challenges, areas

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=forms.TextInput(attrs={"type": "search"})
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        empty_label=_("All target groups"),
        widget=DanishChoicesSelect,
    )
    challenge = django_filters.ModelChoiceFilter(
        label=_("Helps with"),
        field_name="challenges",
        queryset=Challenge.objects.all(),
        empty_label=_("Any challenge"),
        widget=DanishChoicesSelect,
    )
    age = django_filters.NumberFilter(
        label=_("Age of the citizen"),
        method="filter_age",
        min_value=0,
        max_value=130,
        widget=forms.NumberInput(attrs={"min": 0, "max": 130, "inputmode": "numeric"}),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.all(),
        empty_label=_("All areas"),
        widget=DanishChoicesSelect,
    )
    weekday = django_filters.ChoiceFilter(
        label=_("Weekday"),
        choices=WEEKDAY_FIELDS,
        method="filter_weekday",
        empty_label=_("Any day"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
    )
    free = django_filters.BooleanFilter(
        label=_("Free of charge"), method="filter_free", widget=forms.CheckboxInput
    )
    no_referral = django_filters.BooleanFilter(
        label=_("No referral needed"), method="filter_no_referral", widget=forms.CheckboxInput
    )

    class Meta:
        model = Activity
        fields = ["q", "target_group", "challenge", "age", "area", "weekday", "kind"]

    def filter_age(self, queryset, name, value):
        return queryset.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=value),
            Q(max_age__isnull=True) | Q(max_age__gte=value),
        )

    def filter_weekday(self, queryset, name, value):
        return queryset.filter(**{value: True})

    def filter_free(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(price_dkk__isnull=True) | Q(price_dkk=0))

    def filter_no_referral(self, queryset, name, value):
        return queryset.filter(referral_needed=False) if value else queryset


class ActivityCheckFilter(django_filters.FilterSet):
    """The activities staff should check, by their organisation's kind and by area (the
    activity's own, or else its organisation's)."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.all(),
        empty_label=_("All areas"),
        method="filter_area",
        widget=DanishChoicesSelect,
    )

    class Meta:
        model = Activity
        fields = ["kind", "area"]

    def filter_area(self, queryset, name, value):
        return queryset.filter(Q(area=value) | Q(area__isnull=True, organisation__area=value))
