"""A staff member's private calendar: the page with its address, renewing the address, and the
iCalendar feed itself (public by its secret token only, as calendar apps cannot log in).

The feed holds the dates of the agreements the token's owner is responsible for: the end of
each agreement in force or run out, the next review meeting of each agreement in force, and
the due date of each outstanding report on a grant of those agreements. Summaries are in the
owner's language; UIDs name the agreement or grant, so a moved date moves its event.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from partnerships.models import Agreement, CalendarToken, Grant
from partnerships.services.reminders import (
    MUNICIPAL_ROLES,
    calendar_token_for,
    calendar_token_renew,
)
from volunteer_portal.ical import DayCalendar
from volunteer_portal.permissions import ObjectPermissionMixin

Status = Agreement.Status
ENDS_SHOWN = (Status.ACTIVE, Status.EXPIRING, Status.EXPIRED)


def feed_url(request, token, url_name="partnerships:calendar-feed"):
    """The feed's absolute address, the same whatever language the page is in."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(url_name, kwargs={"token": token.token})
    return request.build_absolute_uri(path)


@method_decorator(never_cache, name="dispatch")
class CalendarView(ObjectPermissionMixin, TemplateView):
    """The addresses of one's own calendar (made the first time), to subscribe to or copy."""

    permission_required = "partnerships.use_agreement_calendar"
    template_name = "partnerships/calendar.html"
    feed_url_name = "partnerships:calendar-feed"

    def get_context_data(self, **kwargs):
        user = self.request.user
        url = feed_url(self.request, calendar_token_for(user=user, by=user), self.feed_url_name)
        return super().get_context_data(
            calendar_url=url, webcal_url="webcal://" + url.split("://", 1)[1], **kwargs
        )


class CalendarRenewView(ObjectPermissionMixin, View):
    """A new secret address; calendars subscribed to the old one get nothing more."""

    permission_required = "partnerships.use_agreement_calendar"
    http_method_names = ["post"]
    page_url_name = "partnerships:calendar"

    def post(self, request):
        calendar_token_renew(user=request.user, by=request.user)
        messages.success(
            request,
            _(
                "Your calendar has a new address. The old one no longer works: subscribe again "
                "with the new one."
            ),
        )
        return HttpResponseRedirect(reverse(self.page_url_name))


@require_safe
def calendar_feed(request, token):
    """The owner's dates as all-day events; an unknown token, or an owner who is no longer an
    active municipal user, answers 404."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, user__is_active=True, user__role__in=MUNICIPAL_ROLES)
        .first()
    )
    if found is None:
        raise Http404
    owner, domain = found.user, request.get_host().split(":")[0]
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        calendar = owner_calendar(owner, request.build_absolute_uri, domain)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agreement-dates.ics"'
    # Personal working dates behind a secret address: no shared cache keeps them, no search
    # engine lists them.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def owner_calendar(owner, absolute_url, domain):
    """The iCalendar of ``owner``'s agreements' dates (render it in their language)."""
    calendar = DayCalendar(
        prodid="-//Frivilligportalen//Agreement dates//EN", name=_("My agreements")
    )
    agreements = Agreement.objects.filter(responsible_staff=owner).order_by("pk")
    for agreement in agreements.select_related("responsible_unit"):
        url = absolute_url(agreement.get_absolute_url())
        stamp = agreement.updated_at
        names = {"title": agreement.title, "unit": agreement.responsible_unit.name}
        if agreement.end_date and agreement.status in ENDS_SHOWN:
            calendar.add_event(
                uid=f"agreement-{agreement.pk}-end@{domain}",
                day=agreement.end_date,
                summary=_("Agreement ends: %(title)s") % names,
                description=_("The last day of the agreement “%(title)s” (%(unit)s).") % names,
                url=url,
                stamp=stamp,
            )
        if agreement.next_review_date and agreement.is_current:
            calendar.add_event(
                uid=f"agreement-{agreement.pk}-review@{domain}",
                day=agreement.next_review_date,
                summary=_("Review meeting: %(title)s") % names,
                description=_("The next review meeting of the agreement “%(title)s” (%(unit)s).")
                % names,
                url=url,
                stamp=stamp,
            )
    grants = Grant.objects.filter(agreement__responsible_staff=owner, report__isnull=True)
    for grant in grants.select_related("agreement", "organisation", "pool").order_by("pk"):
        names = {
            "organisation": grant.organisation.name,
            "year": grant.pool.year,
            "title": grant.agreement.title,
        }
        calendar.add_event(
            uid=f"grant-{grant.pk}-report@{domain}",
            day=grant.report_due,
            summary=_("Grant report due: %(organisation)s (%(year)s)") % names,
            description=_(
                "The report on the use of the %(year)s grant to %(organisation)s under the "
                "agreement “%(title)s”."
            )
            % names,
            url=absolute_url(grant.agreement.get_absolute_url()),
            stamp=grant.created_at,
        )
    return calendar
