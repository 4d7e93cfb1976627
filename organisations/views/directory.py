"""The public directory: organisations and the activities they offer citizens."""

from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from initiatives.models import Initiative
from organisations.filters import ActivityFilter, OrganisationFilter
from organisations.models import Activity, Membership, Organisation
from organisations.models.activity import published_activities_prefetch
from partnerships.views.grants import public_grants_by_year
from volunteer_portal import caching
from volunteer_portal.page_cache import cached_page_view, filter_params
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin


@cached_page_view([caching.DIRECTORY], filter_params(OrganisationFilter))
class OrganisationListView(ForgivingPaginationMixin, FilterView):
    """The public directory of organisations and municipal units."""

    filterset_class = OrganisationFilter
    template_name = "organisations/organisation_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Organisation.objects.active().with_list_data()


@cached_page_view([caching.DIRECTORY], filter_params(ActivityFilter))
class ActivityListView(ForgivingPaginationMixin, FilterView):
    """The public directory of activities: what citizens can join, and be referred to."""

    filterset_class = ActivityFilter
    template_name = "organisations/activity_list.html"
    paginate_by = 20

    def get_queryset(self):
        return public_activities()


def public_activities():
    """Published activities of active organisations, with what their listing shows."""
    return (
        Activity.objects.published()
        .filter(organisation__is_active=True)
        .select_related("organisation")
        .with_detail_data()
    )


class ActivityDetailView(DetailView):
    """An activity's own page; an unpublished one is not there for anyone here."""

    template_name = "organisations/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return public_activities()


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
        context["can_view_agreements"] = self.request.user.has_perm("partnerships.view_agreements")
        agreements = self.object.agreements.exclude(status="draft")
        if not context["can_view_agreements"]:
            agreements = agreements.public()
        context["agreements"] = agreements.order_by("-start_date", "pk")
        context["public_grants"] = public_grants_by_year(self.object)
        context["initiatives"] = (
            Initiative.objects.visible_to(self.request.user)
            .with_actor(organisation_id=self.object.pk)
            .select_related("plan")
            .order_by("-plan__start_year", "number")
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
