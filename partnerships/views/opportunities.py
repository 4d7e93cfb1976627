"""Volunteer opportunities: the public list and page, and the coordinators' pages that create,
edit, publish and close them.

Published opportunities are listed; a closed one keeps its page (marked closed), a draft is
there only for those who handle it (anyone else gets 404). Every change goes through
partnerships.services.opportunities; an edit saved after someone else's comes back merged
(organisations.versions), as on the organisation pages.
"""

import copy
import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from initiatives.models import Initiative
from organisations.models import Membership
from organisations.versions import EditConflict, merged_after_conflict
from partnerships.filters import OpportunityFilter
from partnerships.forms.opportunity import OpportunityForm
from partnerships.models import Interest, Opportunity
from partnerships.services import opportunities as services
from partnerships.services.places import next_lapse, with_places_left
from volunteer_portal import caching
from volunteer_portal.page_cache import cached_page_view, filter_params
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin, get_object_for
from volunteer_portal.transitions import DomainError

VIEW = "partnerships.view_opportunity"
CHANGE = "partnerships.change_opportunity"


@cached_page_view(
    [caching.OPPORTUNITIES, caching.DIRECTORY], filter_params(OpportunityFilter), next_lapse
)
class OpportunityListView(ForgivingPaginationMixin, FilterView):
    """The public list: published opportunities with the places left, searchable."""

    filterset_class = OpportunityFilter
    template_name = "partnerships/volunteering/opportunity_list.html"
    paginate_by = 25

    def get_queryset(self):
        return with_places_left(Opportunity.objects.published().with_list_data())

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context["can_add"] = user.has_perm("partnerships.add_opportunity")
        if user.is_authenticated and user.is_municipal:
            # Their drafts are not public: the coordinators find them here.
            context["drafts"] = (
                Opportunity.objects.handled_by(user)
                .filter(status=Opportunity.Status.DRAFT)
                .select_related("organisation")
            )
        return context


# The initiatives it serves, by plan and title, are on the page too.
@cached_page_view(
    [caching.OPPORTUNITIES, caching.DIRECTORY, caching.PLANS, caching.INITIATIVES],
    expires=next_lapse,
)
class OpportunityDetailView(ObjectPermissionMixin, DetailView):
    """An opportunity's page, with what a volunteer can do about it: register interest (or
    join the waiting list), or create an account first; its handlers edit it from here."""

    view_permission = VIEW
    template_name = "partnerships/volunteering/opportunity_detail.html"
    context_object_name = "opportunity"

    def get_queryset(self):
        return with_places_left(Opportunity.objects.with_list_data()).prefetch_related(
            "coordinators", "target_groups"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, opportunity = self.request.user, self.object
        interest_url = reverse("volunteering:interest-create", kwargs={"pk": opportunity.pk})
        next_query = urlencode({"next": interest_url})
        context.update(
            can_change=user.has_perm(CHANGE, opportunity),
            can_register=user.has_perm("partnerships.register_interest"),
            link_organisation=user.has_perm(
                "organisations.view_organisation", opportunity.organisation
            ),
            interest_url=interest_url,
            signup_url=f"{reverse('account_signup')}?{next_query}",
            login_url=f"{reverse('account_login')}?{next_query}",
            initiatives=Initiative.objects.visible_to(user)
            .filter(opportunities=opportunity)
            .select_related("plan"),
        )
        if context["can_register"]:
            context["open_interest"] = (
                Interest.objects.open().filter(volunteer=user, opportunity=opportunity).first()
            )
        return context


class OpportunityFormMixin(ObjectPermissionMixin):
    template_name = "partnerships/volunteering/opportunity_form.html"
    object = None  # the stored row (None on the create page): headings keep its title

    def get_form_class(self):
        return functools.partial(OpportunityForm, user=self.request.user)

    def get_form_kwargs(self):
        # The form edits a copy: headings and breadcrumbs keep the stored values on errors.
        instance = copy.copy(self.object) if self.object else Opportunity()
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class OpportunityCreateView(OpportunityFormMixin, FormView):
    """A new opportunity, saved as a draft, by a coordinator for one of their units."""

    permission_required = "partnerships.add_opportunity"

    def get_initial(self):
        units = self.request.user.memberships_index.organisation_ids(
            Membership.Capacity.COORDINATOR, below=False
        )
        if len(units) == 1:
            return {**super().get_initial(), "organisation": next(iter(units))}
        return super().get_initial()

    def form_valid(self, form):
        try:
            opportunity = services.opportunity_create(
                form.instance, by=self.request.user, **form.lists()
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The opportunity has been saved as a draft. Publish it when it is ready."),
        )
        return redirect(opportunity)


class OpportunityUpdateView(OpportunityFormMixin, FormView):
    """An opportunity, edited by those who handle it; anyone else gets 404."""

    login_required = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = _load_for_change(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.opportunity_update(
                form.instance,
                fields=form.model_fields(),
                loaded=form.cleaned_data["loaded"],
                by=self.request.user,
                **form.lists(),
            )
        except EditConflict as conflict:
            return self.render_conflict(form, conflict)
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The opportunity has been saved."))
        return redirect(self.object)

    def render_conflict(self, form, conflict):
        """The form merged with what someone else saved meanwhile, beside the fields both
        changed (organisations.versions.merged_after_conflict)."""
        self.object = conflict.current
        fresh, stored = merged_after_conflict(self.get_form_class(), form, conflict)
        return self.render_to_response(self.get_context_data(form=fresh, stored=stored))


def _load_for_change(user, pk):
    queryset = Opportunity.objects.select_related("organisation").prefetch_related(
        "coordinators", "target_groups", "initiatives"
    )
    return get_object_for(user, queryset, view_perm=CHANGE, pk=pk)


class OpportunityStatusView(ObjectPermissionMixin, View):
    """POST: publish or close the opportunity (``action`` from the URL), then back to it."""

    login_required = True
    http_method_names = ["post"]
    ACTIONS = {
        "publish": (services.opportunity_publish, Opportunity.Status.PUBLISHED),
        "close": (services.opportunity_close, Opportunity.Status.CLOSED),
    }
    DONE = {
        "publish": lambda: _("The opportunity is published: volunteers can register interest."),
        "close": lambda: _("The opportunity is closed: it takes no more interest."),
    }
    ALREADY = {
        "publish": lambda: _("The opportunity was already published."),
        "close": lambda: _("The opportunity was already closed."),
    }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.opportunity = _load_for_change(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, action, **kwargs):
        service, target = self.ACTIONS[action]
        try:
            service(self.opportunity, by=request.user)
        except DomainError as error:
            # A second click finds it moved already: say so calmly.
            self.opportunity.refresh_from_db(fields=["status"])
            if self.opportunity.status == target:
                messages.info(request, self.ALREADY[action]())
            else:
                messages.error(request, str(error))
        else:
            messages.success(request, self.DONE[action]())
        return redirect(self.opportunity)
