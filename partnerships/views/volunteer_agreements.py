"""Volunteer agreements: the coordinator drafts one from an interest and edits the draft; the
agreement's page, which the volunteer reads in full before confirming; the moves (offer,
confirm, approve, the certificate's assessment, ending it) and its PDFs."""

import copy
import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView

from organisations.versions import EditConflict, merged_after_conflict
from partnerships.forms.volunteer_agreement import (
    ChildCertificateForm,
    VolunteerAgreementEndForm,
    VolunteerAgreementForm,
)
from partnerships.models import Interest, VolunteerAgreement
from partnerships.services import volunteer_agreements as services
from volunteer_portal.audit_log import log_access
from volunteer_portal.permissions import ObjectPermissionMixin, get_object_for
from volunteer_portal.transitions import DomainError

VIEW = "partnerships.view_volunteer_agreement"
HANDLE = "partnerships.handle_volunteer_agreement"
ANSWER = "partnerships.answer_volunteer_agreement"
VIEW_CERTIFICATE = "partnerships.view_child_certificate"
PDF_CSS = "css/volunteer-agreement-pdf.css"
Status = VolunteerAgreement.Status


def agreements():
    return VolunteerAgreement.objects.with_list_data().select_related(
        "volunteer__volunteer_profile",
        "interest",
        "approved_by",
        "ended_by",
        "child_certificate_assessed_by",
    )


def get_agreement_for(user, pk, *, action=None):
    """The agreement ``pk``: 404 unless ``user`` may see it (the volunteer, the contact person,
    the unit's coordinators, administrators), 403 if they may see it but not take ``action``."""
    return get_object_for(user, agreements(), view_perm=VIEW, action_perm=action, pk=pk)


def log_agreement_access(user, agreement, can_view_certificate, *, shown_as):
    """Record who other than the volunteer read the agreement (the volunteer's personal data)
    and whether the certificate's status was shown to them (its section is shown whenever
    they may see it)."""
    if user.pk != agreement.volunteer_id:
        log_access(user, agreement, shown_as=shown_as, child_certificate_shown=can_view_certificate)


def may_end(user, agreement):
    return user.has_perm(HANDLE, agreement) or user.has_perm(ANSWER, agreement)


def was_active(agreement):
    """Active, or ended after the coordinator approved it: the volunteer did the work."""
    return agreement.status == Status.ACTIVE or (
        agreement.status == Status.ENDED and agreement.approved_at is not None
    )


class AgreementFormMixin(ObjectPermissionMixin):
    template_name = "partnerships/volunteering/agreement_form.html"
    object = None
    interest = None

    def get_form_class(self):
        return functools.partial(VolunteerAgreementForm, user=self.request.user)

    def get_form_kwargs(self):
        instance = copy.copy(self.object) if self.object else VolunteerAgreement()
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, interest=self.interest, **kwargs)


class AgreementCreateView(AgreementFormMixin, FormView):
    """A draft agreement from an interest the coordinator handles (``?interest=<pk>``)."""

    permission_required = "partnerships.add_volunteer_agreement"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            pk = request.GET.get("interest", "")
            if not pk.isdigit():
                raise Http404
            self.interest = get_object_for(
                request.user,
                Interest.objects.with_list_data(),
                view_perm="partnerships.handle_interest",
                pk=pk,
            )
            existing = VolunteerAgreement.objects.filter(interest=self.interest).first()
            if existing is not None:  # e.g. the form sent twice
                messages.error(request, _("This interest already has a volunteer agreement."))
                return redirect(existing)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        interest, opportunity = self.interest, self.interest.opportunity
        initial = {"start_date": timezone.localdate()}
        if interest.organisation.is_municipal:
            initial["unit"] = interest.organisation.pk
        if opportunity is not None:
            initial.update(
                tasks=opportunity.description,
                rhythm=opportunity.rhythm,
                child_certificate_required=opportunity.requires_child_certificate,
            )
            if opportunity.start_date and opportunity.start_date > initial["start_date"]:
                initial["start_date"] = opportunity.start_date
        return initial

    def form_valid(self, form):
        try:
            agreement = services.agreement_create(
                form.instance, interest=self.interest, by=self.request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The volunteer agreement has been saved as a draft."))
        return redirect(agreement)


class AgreementUpdateView(AgreementFormMixin, FormView):
    """A draft only: what is offered is what the volunteer reads, and it is not edited."""

    login_required = True  # without it, a visitor got the form (and a 500 building it)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_for(
                request.user, agreements(), view_perm=HANDLE, pk=kwargs["pk"]
            )
            if self.object.status != Status.DRAFT:
                messages.error(request, _("Only a draft agreement can be edited."))
                return redirect(self.object)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.agreement_update(
                form.instance,
                fields=form.model_fields(),
                loaded=form.cleaned_data["loaded"],
                by=self.request.user,
            )
        except EditConflict as conflict:
            self.object = conflict.current
            fresh, stored = merged_after_conflict(self.get_form_class(), form, conflict)
            return self.render_to_response(self.get_context_data(form=fresh, stored=stored))
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The volunteer agreement has been saved."))
        return redirect(self.object)


class AgreementDetailView(ObjectPermissionMixin, DetailView):
    """The whole agreement as the volunteer reads it before confirming, with the moves the
    caller may make. The certificate's status: the unit's coordinators and the volunteer."""

    login_required = True
    view_permission = VIEW
    template_name = "partnerships/volunteering/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return agreements()

    def get_context_data(self, **kwargs):
        agreement, user = self.object, self.request.user
        can_handle = user.has_perm(HANDLE, agreement)
        can_answer = user.has_perm(ANSWER, agreement)
        can_view_certificate = user.has_perm(VIEW_CERTIFICATE, agreement)
        log_agreement_access(user, agreement, can_view_certificate, shown_as="page")
        return super().get_context_data(
            can_handle=can_handle,
            can_answer=can_answer,
            can_view_certificate=can_view_certificate,
            can_record_certificate=user.has_perm(
                "partnerships.record_child_certificate", agreement
            ),
            can_end=(can_handle or can_answer) and agreement.status != Status.ENDED,
            can_confirm=can_answer and agreement.offer_open(),
            can_get_work_certificate=(can_answer or can_handle) and was_active(agreement),
            **kwargs,
        )


class AgreementActionView(ObjectPermissionMixin, View):
    """A POST that moves the agreement on: offer and approve (the coordinator), confirm (the
    volunteer). A second click is refused by the service and shown as a message."""

    login_required = True
    http_method_names = ["post"]
    ACTIONS = {
        "offer": (
            HANDLE,
            services.offer,
            gettext_lazy("The agreement has been offered to the volunteer."),
        ),
        "approve": (
            HANDLE,
            services.approve,
            gettext_lazy("The agreement is approved: the volunteer is active."),
        ),
        "confirm": (
            ANSWER,
            services.confirm,
            gettext_lazy("Thank you: you have confirmed the agreement."),
        ),
    }

    def post(self, request, *args, **kwargs):
        if kwargs["action"] not in self.ACTIONS:
            raise Http404
        permission, service, done = self.ACTIONS[kwargs["action"]]
        agreement = get_agreement_for(request.user, kwargs["pk"], action=permission)
        try:
            service(agreement, by=request.user)
            messages.success(request, str(done))
        except DomainError as error:
            messages.error(request, str(error))
        return redirect(agreement)


class AgreementStepMixin(ObjectPermissionMixin):
    """A form page that moves the agreement ``pk`` on; ``may`` says who may."""

    login_required = True

    def may(self, user, agreement):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.agreement = get_agreement_for(request.user, kwargs["pk"])
            if not self.may(request.user, self.agreement):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.agreement, **kwargs)


class ChildCertificateView(AgreementStepMixin, FormView):
    form_class = ChildCertificateForm
    template_name = "partnerships/volunteering/agreement_certificate.html"

    def may(self, user, agreement):
        return user.has_perm("partnerships.record_child_certificate", agreement)

    def form_valid(self, form):
        try:
            services.record_child_certificate(
                self.agreement, assessed_on=form.cleaned_data["assessed_on"], by=self.request.user
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The assessment of the certificate has been recorded."))
        return redirect(self.agreement)


class AgreementEndView(AgreementStepMixin, FormView):
    """Either side ends the agreement (the volunteer declines an offer the same way)."""

    form_class = VolunteerAgreementEndForm
    template_name = "partnerships/volunteering/agreement_end.html"

    def may(self, user, agreement):
        return may_end(user, agreement)

    def get_context_data(self, **kwargs):
        declining = self.agreement.status == Status.OFFERED and self.request.user.has_perm(
            ANSWER, self.agreement
        )
        return super().get_context_data(declining=declining, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.agreement.status == Status.ENDED:
            messages.error(request, _("The agreement has ended."))
            return redirect(self.agreement)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.end(
                self.agreement,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["ended_on"],
                by=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The agreement has been ended."))
        return redirect(self.agreement)


def render_pdf(request, template, context, filename):
    """``template`` as a PDF download; its CSS is a static file read from disk (no URLs
    are fetched, so it is quick and leaks nothing)."""
    import weasyprint

    html = render_to_string(template, context, request=request)
    stylesheet = weasyprint.CSS(filename=finders.find(PDF_CSS))
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def agreement_pdf(request, pk):
    """The whole agreement for print, seen by those who see its page; the certificate's
    section only for those who see it there."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    agreement = get_agreement_for(request.user, pk)
    can_view_certificate = request.user.has_perm(VIEW_CERTIFICATE, agreement)
    log_agreement_access(request.user, agreement, can_view_certificate, shown_as="pdf")
    context = {
        "agreement": agreement,
        "can_view_certificate": can_view_certificate,
        "today": timezone.localdate(),
    }
    return render_pdf(
        request,
        "partnerships/volunteering/pdf/agreement.html",
        context,
        f"frivilligaftale-{agreement.pk}.pdf",
    )


@require_safe
def work_certificate_pdf(request, pk):
    """A certificate of voluntary work: for the volunteer (and the unit's coordinators), once
    the agreement is or was active; anyone else, or before, 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    agreement = get_agreement_for(request.user, pk)
    user = request.user
    if not (user.has_perm(ANSWER, agreement) or user.has_perm(HANDLE, agreement)):
        raise Http404
    if not was_active(agreement):
        raise Http404
    context = {"agreement": agreement, "today": timezone.localdate()}
    return render_pdf(
        request,
        "partnerships/volunteering/pdf/work_certificate.html",
        context,
        f"frivilligt-arbejde-{agreement.pk}.pdf",
    )
