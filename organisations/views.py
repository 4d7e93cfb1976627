from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from organisations.filters import OrganisationFilter
from organisations.models import Membership, Organisation
from organisations.models.activity import published_activities_prefetch
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin


class OrganisationListView(ForgivingPaginationMixin, FilterView):
    """The public directory of organisations and municipal units."""

    filterset_class = OrganisationFilter
    template_name = "organisations/organisation_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Organisation.objects.active().with_list_data()


class OrganisationDetailView(ObjectPermissionMixin, DetailView):
    view_permission = "organisations.view_organisation"
    template_name = "organisations/organisation_detail.html"

    def get_queryset(self):
        return Organisation.objects.with_list_data().prefetch_related(
            published_activities_prefetch()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = self.object.children.active()
        context["ancestors"] = self.object.ancestors()
        context["activities"] = self.object.published_activities
        context["can_view_staff_contact"] = self.request.user.has_perm(
            "organisations.view_staff_contact"
        )
        return context


class MyUnitsView(ObjectPermissionMixin, ListView):
    """A coordinator's own municipal units: the part of the municipality they act for."""

    permission_required = "organisations.view_own_units"
    template_name = "organisations/my_units.html"
    context_object_name = "units"

    def get_queryset(self):
        ids = self.request.user.memberships_index.organisation_ids(
            Membership.Capacity.COORDINATOR, below=False
        )
        return Organisation.objects.filter(pk__in=ids).with_list_data()
