import django_filters
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from partnerships.models import Agreement


class AgreementFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Agreement.Status.choices, empty_label=_("All statuses")
    )
    involvement = django_filters.ChoiceFilter(
        label=_("Municipal involvement"),
        choices=Agreement.Involvement.choices,
        empty_label=_("Any involvement"),
    )
    partner_kind = django_filters.ChoiceFilter(
        label=_("Volunteer type of a partner"),
        field_name="partners__kind",
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
        distinct=True,
    )
    responsible_unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"),
        queryset=Organisation.objects.municipal().active(),
        empty_label=_("All units"),
    )

    class Meta:
        model = Agreement
        fields = ["kind", "status", "involvement", "partner_kind", "responsible_unit"]
