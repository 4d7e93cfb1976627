"""Agreements: the staff's list and an agreement's page; its documents' downloads."""

from django.db.models import Prefetch
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from initiatives.models import Initiative
from partnerships.filters import AgreementFilter
from partnerships.models import Agreement, AgreementDocument, Grant
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin, get_object_for
from volunteer_portal.private_files import serve_private_file


class AgreementListView(ObjectPermissionMixin, ForgivingPaginationMixin, FilterView):
    permission_required = "partnerships.view_agreements"
    filterset_class = AgreementFilter
    template_name = "partnerships/agreement_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Agreement.objects.with_list_data()


class AgreementDetailView(ObjectPermissionMixin, DetailView):
    login_required = True
    view_permission = "partnerships.view_agreement"
    template_name = "partnerships/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return (
            Agreement.objects.with_list_data()
            .select_related("renewal_of", "renewal")
            .prefetch_related(
                Prefetch("initiatives", queryset=Initiative.objects.select_related("plan")),
                Prefetch("grants", queryset=Grant.objects.select_related("pool", "report")),
                "review_meetings",
                "documents",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_view_details"] = user.has_perm("partnerships.view_agreement_details")
        context["can_view_grants"] = user.has_perm("partnerships.view_grants")
        initiatives = Initiative.objects.visible_to(user).filter(agreements=self.object)
        context["initiatives"] = initiatives.select_related("plan")
        return context


@require_safe
def agreement_document_download(request, pk, filename=None):
    """A document of an agreement or of a grant report, for municipal users; recorded in the
    audit log. Anyone else gets 404, so that its existence is not told."""
    document = get_object_for(
        request.user,
        AgreementDocument.objects.all(),
        view_perm="partnerships.view_agreement_document",
        pk=pk,
    )
    return serve_private_file(request, document)
