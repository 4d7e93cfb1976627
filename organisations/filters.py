import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=[("municipal", _("Municipal units")), ("civil", _("Civil society"))],
        method="filter_sector",
        empty_label=_("All"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "sector"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_sector(self, queryset, name, value):
        return queryset.municipal() if value == "municipal" else queryset.civil_society()
