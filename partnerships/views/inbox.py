"""The coordinator's inbox: the interests and volunteer agreements of their own units, who
has waited longest against the service goal, an interest's page and the answers to it."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from partnerships.forms.inbox import DeclineForm, InboxFilter, service_goal_passed_before
from partnerships.matching import matching_opportunities
from partnerships.models import Interest, VolunteerAgreement, VolunteerProfile
from partnerships.models.volunteer_agreement import IN_HAND_STATUSES, flow_order
from partnerships.services import interests as services
from volunteer_portal.audit_log import log_access
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin
from volunteer_portal.transitions import DomainError


def agreements_in_hand(user):
    """The agreements of ``user``'s units that are not ended, by status in the order of the
    flow, then by start."""
    return (
        VolunteerAgreement.objects.handled_by(user)
        .filter(status__in=IN_HAND_STATUSES)
        .with_list_data()
        .order_by(flow_order(), "start_date", "pk")
    )


class InboxView(ObjectPermissionMixin, ForgivingPaginationMixin, FilterView):
    permission_required = "partnerships.use_inbox"
    filterset_class = InboxFilter
    template_name = "partnerships/volunteering/inbox.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            Interest.objects.handled_by(self.request.user)
            .with_list_data()
            .order_by("created_at", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now, goal = timezone.now(), service_goal_passed_before()
        for interest in context["object_list"]:
            interest.days_waited = (now - interest.created_at).days
            interest.past_goal = (
                interest.status == Interest.Status.NEW and interest.created_at < goal
            )
        agreements = Paginator(agreements_in_hand(self.request.user), 25)
        context.update(
            agreements_page=agreements.get_page(self.request.GET.get("agreements")),
            goal_days=settings.VOLUNTEER_SERVICE_GOAL_DAYS,
        )
        return context


class InterestDetailView(ObjectPermissionMixin, DetailView):
    login_required = True
    view_permission = "partnerships.handle_interest"
    template_name = "partnerships/volunteering/interest_detail.html"
    context_object_name = "interest"

    def get_queryset(self):
        return Interest.objects.with_list_data().select_related("agreement")

    def get_context_data(self, **kwargs):
        interest = self.object
        profile = (
            VolunteerProfile.objects.filter(user_id=interest.volunteer_id)
            .prefetch_related("areas")
            .first()
        )
        user = self.request.user
        if user.pk != interest.volunteer_id:  # the page shows the volunteer's profile
            log_access(user, interest, volunteer_profile_shown=profile is not None)
        kwargs.setdefault("decline_form", DeclineForm())
        return super().get_context_data(
            profile=profile,
            agreement=getattr(interest, "agreement", None),
            waiting_position=interest.waiting_position(),
            past_goal=(
                interest.status == Interest.Status.NEW
                and interest.created_at < service_goal_passed_before()
            ),
            goal_days=settings.VOLUNTEER_SERVICE_GOAL_DAYS,
            days_waited=(timezone.now() - interest.created_at).days,
            matches=(
                matching_opportunities(profile, unit=interest.organisation)
                if interest.is_general
                else []
            ),
            can_make_agreement=(
                interest.status in (Interest.Status.NEW, Interest.Status.DIALOGUE)
                and user.has_perm("partnerships.add_volunteer_agreement")
                and not hasattr(interest, "agreement")
            ),
            **kwargs,
        )


class InterestActionView(InterestDetailView):
    """A coordinator's answer to an interest: in dialogue, or declined with a reason the
    volunteer will read. POST only; a second click is refused calmly by the service."""

    http_method_names = ["post"]
    ACTIONS = ("dialogue", "decline")

    def post(self, request, *args, **kwargs):
        action = kwargs["action"]
        if action not in self.ACTIONS:
            raise Http404
        self.object = interest = self.get_object()
        try:
            if action == "dialogue":
                services.start_dialogue(interest, by=request.user)
                messages.success(request, _("The interest is now in dialogue."))
            else:
                form = DeclineForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(decline_form=form))
                services.decline(interest, reason=form.cleaned_data["reason"], by=request.user)
                messages.success(
                    request, _("The interest has been declined; the volunteer is told why.")
                )
        except DomainError as error:
            messages.error(request, str(error))
        return redirect(interest)
