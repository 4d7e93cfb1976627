"""Agreements: the staff's list, an agreement's page, creating and editing one, moving it on
(activate, renew, end early) and its documents."""

import copy

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from initiatives.models import Initiative
from organisations.models import Membership
from organisations.versions import EditConflict, merged_after_conflict
from partnerships.filters import AgreementFilter
from partnerships.forms.agreement import AgreementDocumentForm, AgreementForm, EndEarlyForm
from partnerships.models import Agreement, AgreementDocument, Grant
from partnerships.services import agreements as services
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin, get_object_for
from volunteer_portal.private_files import serve_private_file
from volunteer_portal.transitions import DomainError


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
        context["can_change"] = user.has_perm(CHANGE, self.object)
        context["can_add_review"] = user.has_perm("partnerships.add_review_meeting", self.object)
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


CHANGE = "partnerships.change_agreement"


class AgreementFormMixin(ObjectPermissionMixin):
    permission_required = CHANGE
    form_class = AgreementForm
    template_name = "partnerships/agreement_form.html"
    object = None

    def get_form_kwargs(self):
        instance = copy.copy(self.object) if self.object else Agreement()
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class AgreementCreateView(AgreementFormMixin, FormView):
    def get_initial(self):
        initial = super().get_initial()
        units = self.request.user.memberships_index.organisation_ids(
            Membership.Capacity.STAFF, below=False
        )
        if len(units) == 1:
            initial["responsible_unit"] = next(iter(units))
        initial["responsible_staff"] = self.request.user.pk
        return initial

    def form_valid(self, form):
        try:
            agreement = services.agreement_create(
                form.instance,
                partners=list(form.cleaned_data["partners"]),
                initiatives=list(form.cleaned_data["initiatives"]),
                by=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The agreement has been saved as a draft."))
        return redirect(agreement)


class AgreementUpdateView(AgreementFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_for(
                request.user, Agreement.objects.all(), view_perm=CHANGE, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.agreement_update(
                form.instance,
                fields=form.model_fields(),
                loaded=form.cleaned_data["loaded"],
                partners=list(form.cleaned_data["partners"]),
                initiatives=list(form.cleaned_data["initiatives"]),
                by=self.request.user,
            )
        except EditConflict as conflict:
            return self.render_conflict(form, conflict)
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The agreement has been saved."))
        return redirect(self.object)

    def render_conflict(self, form, conflict):
        """The form merged with what someone else saved meanwhile, beside the fields both
        changed, as the organisation pages do."""
        self.object = conflict.current
        fresh, stored = merged_after_conflict(AgreementForm, form, conflict)
        return self.render_to_response(self.get_context_data(form=fresh, stored=stored))


class ChangeAgreementMixin(ObjectPermissionMixin):
    """A page that changes the agreement ``pk``: staff only; an agreement the caller may not
    change answers 404 (a visitor is first sent to log in)."""

    permission_required = CHANGE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.agreement = get_object_for(
                request.user, Agreement.objects.all(), view_perm=CHANGE, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)


class AgreementActionView(ChangeAgreementMixin, View):
    """A POST that moves the agreement on: activate, renew or end early (with a reason)."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect(self.agreement)

    def post(self, request, *args, **kwargs):
        action = kwargs["action"]
        try:
            if action == "activate":
                services.activate(self.agreement, by=request.user)
                messages.success(request, _("The agreement is now in force."))
            elif action == "renew":
                renewal = services.renew(self.agreement, by=request.user)
                messages.success(
                    request, _("Next period's agreement has been made as a draft: check it.")
                )
                return redirect(renewal)
        except DomainError as error:
            messages.error(request, str(error))
        return redirect(self.agreement)


class AgreementEndView(ChangeAgreementMixin, FormView):
    form_class = EndEarlyForm
    template_name = "partnerships/agreement_end.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)

    def form_valid(self, form):
        try:
            services.end_early(
                self.agreement, reason=form.cleaned_data["reason"], by=self.request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The agreement has been ended."))
        return redirect(self.agreement)


class DocumentUploadView(ChangeAgreementMixin, FormView):
    form_class = AgreementDocumentForm
    template_name = "partnerships/document_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)

    def form_valid(self, form):
        form.instance.agreement = self.agreement
        services.document_add(form.instance, by=self.request.user)
        messages.success(self.request, _("The document has been added."))
        return redirect(self.agreement)
