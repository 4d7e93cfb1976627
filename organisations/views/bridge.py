"""Bridge-building (brobygning) for the municipality's staff: looking for an activity together
with a citizen, the slip the citizen takes along (printed or e-mailed), and recording the
referral for the municipality's count."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_filters.views import FilterView

from organisations.filters import ActivityFilter
from organisations.forms.referral import ReferralForm, SlipMailForm
from organisations.models import Referral
from organisations.services.referrals import record_referral
from organisations.slip import SlipNotSent, send_slip
from organisations.views.directory import public_activities
from volunteer_portal import ratelimits
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin

USE_BRIDGE_BUILDING = "organisations.use_bridge_building"
ADD_REFERRAL = "organisations.add_referral"


def safe_next(request):
    """The page to return to (``next``, the bridge page's search with its filters) when it
    lies within the portal; else the bridge page itself."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("organisations:bridge")


class BridgeSearchView(ObjectPermissionMixin, ForgivingPaginationMixin, FilterView):
    """The activity search for a staff member sitting with a citizen: the citizen's filters,
    with the welcome contact, the organisation's staff contact and the actions in view."""

    permission_required = USE_BRIDGE_BUILDING
    filterset_class = ActivityFilter
    template_name = "organisations/bridge_search.html"
    paginate_by = 10

    def get_queryset(self):
        return public_activities()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add_referral=self.request.user.has_perm(ADD_REFERRAL),
            here=self.request.get_full_path(),
            **kwargs,
        )


class ActivityFromUrlMixin:
    """The published activity ``pk``; any other answers 404."""

    @cached_property
    def activity(self):
        return get_object_or_404(public_activities(), pk=self.kwargs["pk"])


@method_decorator(sensitive_post_parameters("email"), name="dispatch")
class ActivitySlipView(ObjectPermissionMixin, ActivityFromUrlMixin, FormView):
    """The slip a citizen takes along: the activity's practical facts on one printable page,
    and a form that e-mails it to an address typed there and never stored."""

    permission_required = USE_BRIDGE_BUILDING
    form_class = SlipMailForm
    template_name = "organisations/activity_slip.html"

    @cached_property
    def slip_url(self):
        """The activity's public page, where the citizen can read it again."""
        return self.request.build_absolute_uri(self.activity.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.activity,
            slip_url=self.slip_url,
            back=safe_next(self.request),
            can_add_referral=self.request.user.has_perm(ADD_REFERRAL),
            **kwargs,
        )

    def form_valid(self, form):
        address = form.cleaned_data["email"]
        verdict = ratelimits.check(self.request, "slip_email", account=self.request.user.pk)
        if not verdict:
            form.add_error(None, verdict.message())
            return self.form_invalid(form)
        try:
            send_slip(activity=self.activity, address=address, slip_url=self.slip_url)
        except SlipNotSent:
            messages.error(
                self.request,
                _(
                    "The slip could not be sent just now. Print it instead, or try again in a "
                    "little while."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form))
        # The message names no address: messages may be kept in the session.
        messages.success(self.request, _("The slip has been sent by e-mail."))
        return HttpResponseRedirect(self.request.get_full_path())


class ReferralCreateView(ObjectPermissionMixin, ActivityFromUrlMixin, FormView):
    """Recording a referral: the date, the unit and an optional note, never the citizen."""

    permission_required = ADD_REFERRAL
    form_class = ReferralForm
    template_name = "organisations/referral_form.html"

    def get_form_kwargs(self):
        instance = Referral(activity=self.activity)
        return {**super().get_form_kwargs(), "instance": instance, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.activity, back=safe_next(self.request), **kwargs
        )

    def form_valid(self, form):
        try:
            record_referral(by=self.request.user, activity=self.activity, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The referral to “%(activity)s” has been recorded.") % {"activity": self.activity},
        )
        return HttpResponseRedirect(safe_next(self.request))
