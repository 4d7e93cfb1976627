"""The volunteer's side: interest in an opportunity (or in general), the waiting list reached
from its mail, the volunteer's own page, their profile and their private calendar feed.

Every change goes through the services; a refusal (closed, full, already registered, a double
click) is shown as a message, never as an error page.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from partnerships.forms.volunteer import GeneralInterestForm, InterestForm, VolunteerProfileForm
from partnerships.models import CalendarToken, Interest, Opportunity, VolunteerAgreement
from partnerships.services import interests as interest_services
from partnerships.services import volunteers as volunteer_services
from partnerships.services.places import places_left
from partnerships.views import calendar as staff_calendar
from volunteer_portal import ratelimits
from volunteer_portal.ical import DayCalendar
from volunteer_portal.models import User
from volunteer_portal.permissions import ObjectPermissionMixin, get_object_for
from volunteer_portal.transitions import DomainError

Status = Interest.Status
AgreementStatus = VolunteerAgreement.Status
# The agreements the volunteer sees on their page and in their calendar: a draft is the
# coordinator's work in progress until it is offered.
SHOWN_AGREEMENTS = (
    AgreementStatus.OFFERED,
    AgreementStatus.CONFIRMED,
    AgreementStatus.ACTIVE,
    AgreementStatus.ENDED,
)
CALENDAR_AGREEMENTS = (AgreementStatus.OFFERED, AgreementStatus.CONFIRMED, AgreementStatus.ACTIVE)


# Interest ---------------------------------------------------------------------------------


class InterestCreateView(ObjectPermissionMixin, FormView):
    """Interest in one published opportunity; a full one offers its waiting list instead."""

    permission_required = "partnerships.register_interest"
    form_class = InterestForm
    template_name = "partnerships/volunteering/interest_form.html"

    @cached_property
    def opportunity(self):
        return get_object_for(
            self.request.user,
            Opportunity.objects.with_list_data(),
            view_perm="partnerships.view_opportunity",
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        self.opportunity  # noqa: B018  (a draft answers 404 before anything is shown)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        opportunity = self.opportunity
        is_open = opportunity.status == Opportunity.Status.PUBLISHED
        left = places_left(opportunity) if is_open else 0
        kwargs.setdefault("offer_waiting_list", is_open and left == 0)
        return super().get_context_data(
            opportunity=opportunity, is_open=is_open, places_left=left, **kwargs
        )

    def form_valid(self, form):
        user = self.request.user
        if not (verdict := ratelimits.check(self.request, "interest", account=user.pk)):
            form.add_error(None, verdict.message())
            return self.form_invalid(form)
        try:
            interest = interest_services.register_interest(
                volunteer=user,
                opportunity=self.opportunity,
                message=form.cleaned_data["message"],
                join_waiting_list=form.cleaned_data["join_waiting_list"],
                by=user,
            )
        except interest_services.OpportunityFull as error:
            form.add_error(None, str(error))
            return self.render_to_response(
                self.get_context_data(form=form, offer_waiting_list=True)
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if interest.status == Status.WAITING:
            messages.success(
                self.request,
                _(
                    "You are on the waiting list for “%(title)s”, as number %(position)s. We "
                    "e-mail you when a place frees."
                )
                % {"title": self.opportunity.title, "position": interest.waiting_position()},
            )
        else:
            messages.success(
                self.request,
                _("Your interest in “%(title)s” has been sent. The coordinator will contact you.")
                % {"title": self.opportunity.title},
            )
        return redirect("volunteering:me")


class GeneralInterestCreateView(ObjectPermissionMixin, FormView):
    """A general interest, for a municipal unit or the volunteer centre."""

    permission_required = "partnerships.register_interest"
    form_class = GeneralInterestForm
    template_name = "partnerships/volunteering/interest_form.html"

    def form_valid(self, form):
        user = self.request.user
        organisation = form.cleaned_data["organisation"]
        if not (verdict := ratelimits.check(self.request, "interest", account=user.pk)):
            form.add_error(None, verdict.message())
            return self.form_invalid(form)
        try:
            interest_services.register_interest(
                volunteer=user,
                organisation=organisation,
                message=form.cleaned_data["message"],
                by=user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your interest has been sent to %(unit)s. The coordinator will contact you.")
            % {"unit": organisation.name},
        )
        return redirect("volunteering:me")


class InterestWithdrawView(ObjectPermissionMixin, View):
    """The volunteer withdraws an open interest (or leaves a waiting list)."""

    login_required = True
    http_method_names = ["post"]

    def post(self, request, pk):
        interest = get_object_for(
            request.user,
            Interest.objects.select_related("opportunity", "organisation", "volunteer"),
            view_perm="partnerships.withdraw_interest",
            pk=pk,
        )
        if not interest.is_open:
            messages.info(request, _("This interest is no longer open; nothing was changed."))
            return redirect("volunteering:me")
        try:
            interest_services.withdraw(interest, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your interest has been withdrawn."))
        return redirect("volunteering:me")


# The waiting list, reached by the link in its mail -----------------------------------------


@method_decorator(never_cache, name="dispatch")
class WaitingListView(TemplateView):
    """The volunteer's place in a waiting list, opened from its mail without logging in: the
    signed token names the interest, and every answer is the token's volunteer's."""

    template_name = "partnerships/volunteering/waiting.html"

    def dispatch(self, request, *args, **kwargs):
        self.interest = interest_services.interest_for_token(kwargs["token"])
        if self.interest is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        interest, now = self.interest, timezone.now()
        offer_open = interest.place_offer_open(now)
        return super().get_context_data(
            interest=interest,
            opportunity=interest.opportunity,
            position=interest.waiting_position(),
            offer_open=offer_open,
            offer_passed=(
                interest.status == Status.WAITING
                and interest.place_offered_until is not None
                and not offer_open
            ),
            **kwargs,
        )

    def post(self, request, token):
        interest = self.interest
        action = request.POST.get("action")
        if action == "accept":
            if not interest.place_offer_open():
                messages.info(
                    request,
                    _(
                        "There is no open offer of a place to accept: the time to answer has "
                        "passed, or you have already answered."
                    ),
                )
            else:
                try:
                    interest_services.accept_place(interest, by=interest.volunteer)
                except DomainError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        _(
                            "You have accepted the place. The coordinator will contact you "
                            "about the next step."
                        ),
                    )
        elif action == "leave":
            if interest.status != Status.WAITING:
                messages.info(request, _("You are no longer on this waiting list."))
            else:
                try:
                    interest_services.withdraw(interest, by=interest.volunteer)
                except DomainError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, _("You have left the waiting list."))
        return HttpResponseRedirect(request.path)


# The volunteer's own page and profile ---------------------------------------------------------


def interests_with_positions(queryset):
    """Annotate ``waiting_ahead``: how many wait before each one (one subquery, any rows)."""
    ahead = (
        Interest.objects.filter(opportunity=OuterRef("opportunity"), status=Status.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("opportunity")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        waiting_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))
    )


class VolunteerHomeView(ObjectPermissionMixin, TemplateView):
    """The volunteer's interests and agreements, with the way to reach their contact person."""

    permission_required = "partnerships.use_volunteer_page"
    template_name = "partnerships/volunteering/volunteer_home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        interests = interests_with_positions(
            Interest.objects.filter(volunteer=user).select_related("opportunity", "organisation")
        ).order_by("-created_at", "-pk")
        now = timezone.now()
        interests = list(interests)
        for interest in interests:
            interest.offer_open = interest.place_offer_open(now)
            if interest.offer_open:
                token = interest_services.waiting_token(interest)
                interest.waiting_url = reverse("volunteering:waiting", kwargs={"token": token})
        agreements = (
            VolunteerAgreement.objects.filter(volunteer=user, status__in=SHOWN_AGREEMENTS)
            .select_related("unit", "contact_person", "opportunity")
            .order_by("-start_date", "-pk")
        )
        return super().get_context_data(interests=interests, agreements=agreements, **kwargs)


class ProfileEditView(ObjectPermissionMixin, FormView):
    """What the volunteer tells the coordinators about themselves."""

    permission_required = "partnerships.use_volunteer_page"
    form_class = VolunteerProfileForm
    template_name = "partnerships/volunteering/volunteer_profile.html"

    @cached_property
    def profile(self):
        user = self.request.user
        profile = volunteer_services.profile_for(user, by=user)
        profile.user = user
        return profile

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.profile
        return kwargs

    def form_valid(self, form):
        user = self.request.user
        volunteer_services.profile_update(
            form.instance,
            full_name=form.cleaned_data["full_name"],
            areas=form.cleaned_data["areas"],
            by=user,
        )
        messages.success(self.request, _("Your profile has been saved."))
        return redirect("volunteering:profile")


# The private calendar -------------------------------------------------------------------------


class CalendarView(staff_calendar.CalendarView):
    """The address of the volunteer's calendar (made the first time), to subscribe to."""

    permission_required = "partnerships.use_volunteer_page"
    template_name = "partnerships/volunteering/calendar.html"
    feed_url_name = "volunteering:calendar-feed"


class CalendarRenewView(staff_calendar.CalendarRenewView):
    """A new secret address; calendars subscribed to the old one get nothing more."""

    permission_required = "partnerships.use_volunteer_page"
    page_url_name = "volunteering:calendar"


@require_safe
def calendar_feed(request, token):
    """A volunteer's dates as all-day events; an unknown token, or one of an account that is
    not an active volunteer's (staff have their own feed), answers 404."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, user__is_active=True, user__role=User.Role.VOLUNTEER)
        .first()
    )
    if found is None:
        raise Http404
    owner, domain = found.user, request.get_host().split(":")[0]
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        calendar = volunteer_calendar(owner, request.build_absolute_uri, domain)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="volunteering.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def volunteer_calendar(owner, absolute_url, domain):
    """The iCalendar of the start and end of ``owner``'s agreements and of their
    opportunities (render it in the owner's language)."""
    calendar = DayCalendar(
        prodid="-//Frivilligportalen//Volunteering dates//EN", name=_("My voluntary work")
    )
    agreements = (
        VolunteerAgreement.objects.filter(volunteer=owner, status__in=CALENDAR_AGREEMENTS)
        .select_related("unit", "opportunity")
        .order_by("pk")
    )
    for agreement in agreements:
        url = absolute_url(reverse("volunteering:agreement-detail", kwargs={"pk": agreement.pk}))
        names = {"unit": agreement.unit.name}
        stamp = agreement.updated_at
        days = [
            ("start", agreement.start_date, _("Voluntary work starts: %(unit)s")),
            ("end", agreement.end_date, _("Voluntary work ends: %(unit)s")),
        ]
        for which, day, summary in days:
            if day:
                calendar.add_event(
                    uid=f"volunteer-agreement-{agreement.pk}-{which}@{domain}",
                    day=day,
                    summary=summary % names,
                    description=_("Your volunteer agreement with %(unit)s.") % names,
                    url=url,
                    stamp=stamp,
                )
        opportunity = agreement.opportunity
        if opportunity is None:
            continue
        names = {"title": opportunity.title}
        url = absolute_url(opportunity.get_absolute_url())
        days = [
            ("start", opportunity.start_date, _("Task starts: %(title)s")),
            ("end", opportunity.end_date, _("Task ends: %(title)s")),
        ]
        for which, day, summary in days:
            if day:
                calendar.add_event(
                    uid=f"volunteer-agreement-{agreement.pk}-task-{which}@{domain}",
                    day=day,
                    summary=summary % names,
                    description=_("The volunteer task “%(title)s”.") % names,
                    url=url,
                    stamp=opportunity.updated_at,
                )
    return calendar
