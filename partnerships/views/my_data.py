"""The volunteer's rights over their own data (issue #12): everything the portal holds about
them, as a page and as JSON (with the log of who else viewed it); deleting the account;
withdrawing or giving again their consent. Their own data only, always the caller's."""

import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from partnerships.forms.my_data import DeleteAccountForm
from partnerships.models import (
    CalendarToken,
    Interest,
    SentReminder,
    VolunteerAgreement,
    VolunteerProfile,
)
from partnerships.services import erasure
from volunteer_portal.audit_log import access_entries_about
from volunteer_portal.permissions import ObjectPermissionMixin

PERMISSION = "partnerships.use_volunteer_page"


def _when(value):
    return timezone.localtime(value).isoformat() if value else None


def _day(value):
    return value.isoformat() if value else None


def describe_access(entry):
    """One look at the person's data, for them: who (name and role, no address), when, what."""
    data = entry.additional_data or {}
    if "export" in data:
        what = _("An export of volunteers (%(format)s)") % {"format": data["export"].upper()}
    else:
        what = str(entry.content_type.model_class()._meta.verbose_name).capitalize()
        if data.get("shown_as") == "pdf":
            what = _("%(what)s (PDF)") % {"what": what}
    actor = entry.actor
    return {
        "at": _when(entry.timestamp),
        "timestamp": entry.timestamp,
        "by": str(actor) if actor else _("The system"),
        "role": actor.get_role_display() if actor else "",
        "what": what,
        "child_certificate_shown": bool(data.get("child_certificate_shown")),
    }


def personal_data(user):
    """Everything the portal holds about ``user`` as plain values (the JSON download; the
    page shows the same). The calendar address's secret is left out: only whether it exists."""
    profile = VolunteerProfile.objects.filter(user=user).prefetch_related("areas").first()
    interests = Interest.objects.filter(volunteer=user).select_related(
        "opportunity", "organisation"
    )
    agreements = VolunteerAgreement.objects.filter(volunteer=user).select_related(
        "unit", "opportunity", "contact_person", "child_certificate_assessed_by"
    )
    token = CalendarToken.objects.filter(user=user).first()
    return {
        "account": {
            "full_name": user.full_name,
            "email": user.email,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "role": user.get_role_display(),
            "language": user.language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "profile": profile
        and {
            "phone": profile.phone,
            "kinds": [str(label) for label in profile.get_kinds_display()],
            "areas": [area.name for area in profile.areas.all()],
            "availability": [str(label) for label in profile.get_availability_display()],
            "languages": profile.languages,
            "presentation": profile.presentation,
            "reminders_enabled": profile.reminders_enabled,
            "consent_given_at": _when(profile.consent_given_at),
            "consent_withdrawn_at": _when(profile.consent_withdrawn_at),
            "created_at": _when(profile.created_at),
            "updated_at": _when(profile.updated_at),
        },
        "interests": [
            {
                "opportunity": i.opportunity.title if i.opportunity_id else None,
                "unit": i.organisation.name,
                "message": i.message,
                "status": i.get_status_display(),
                "registered_at": _when(i.created_at),
                "status_changed_at": _when(i.status_changed_at),
                "answered_at": _when(i.answered_at),
                "declined_reason": i.declined_reason,
                "place_offered_until": _when(i.place_offered_until),
            }
            for i in interests
        ],
        "volunteer_agreements": [
            {
                "unit": a.unit.name,
                "opportunity": a.opportunity.title if a.opportunity_id else None,
                "contact_person": str(a.contact_person),
                "tasks": a.tasks,
                "expectations": a.expectations,
                "task_boundary": a.task_boundary,
                "rhythm": a.rhythm,
                "meetings": a.meetings,
                "start_date": _day(a.start_date),
                "end_date": _day(a.end_date),
                "insurance": a.get_insurance_display(),
                "status": a.get_status_display(),
                "answer_by": _when(a.answer_by),
                "confirmed_at": _when(a.confirmed_at),
                "approved_at": _when(a.approved_at),
                "ended_on": _day(a.ended_on),
                "ended_reason": a.ended_reason,
                "child_certificate_required": a.child_certificate_required,
                "child_certificate_assessed_on": _day(a.child_certificate_assessed_on),
                "child_certificate_assessed_by": (
                    str(a.child_certificate_assessed_by)
                    if a.child_certificate_assessed_by_id
                    else None
                ),
                "child_certificate_renew_by": _day(a.child_certificate_renew_by),
                "created_at": _when(a.created_at),
            }
            for a in agreements
        ],
        "calendar_address": {
            "exists": token is not None,
            "created_at": _when(token and token.created_at),
        },
        "reminders_sent": [
            {"sent_at": _when(r.sent_at)} for r in SentReminder.objects.filter(recipient=user)
        ],
        "access_log": [
            {k: v for k, v in describe_access(entry).items() if k != "timestamp"}
            for entry in access_entries_about(user)
        ],
    }


@method_decorator(never_cache, name="dispatch")
class MyDataView(ObjectPermissionMixin, TemplateView):
    """The volunteer's data as a readable page, with the ways to correct, take or delete it."""

    permission_required = PERMISSION
    template_name = "partnerships/volunteering/my_data.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        data = personal_data(user)
        access = [describe_access(entry) for entry in access_entries_about(user)]
        return super().get_context_data(data=data, access=access, **kwargs)


@method_decorator(never_cache, name="dispatch")
class MyDataJsonView(ObjectPermissionMixin, View):
    """The same data as a JSON download."""

    permission_required = PERMISSION
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        body = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = f"mine-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class DeleteAccountView(ObjectPermissionMixin, FormView):
    """What deleting the account does, the password to confirm it, and the deletion."""

    permission_required = PERMISSION
    form_class = DeleteAccountForm
    template_name = "partnerships/volunteering/my_data_delete.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            open_agreements=VolunteerAgreement.objects.filter(volunteer=user)
            .exclude(status=VolunteerAgreement.Status.ENDED)
            .count(),
            open_interests=Interest.objects.filter(volunteer=user).open().count(),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        erasure.delete_account(user, by=user)
        logout(self.request)
        messages.success(
            self.request, _("Your account has been deleted, and your data with it. Thank you.")
        )
        return redirect("home")


class ConsentView(ObjectPermissionMixin, TemplateView):
    """Withdrawing consent (POST ``action=withdraw``) or giving it again (``action=give``)."""

    permission_required = PERMISSION
    template_name = "partnerships/volunteering/my_data_consent.html"
    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        profile = VolunteerProfile.objects.filter(user=self.request.user).first()
        return super().get_context_data(profile=profile, **kwargs)

    def post(self, request):
        user = request.user
        action = request.POST.get("action")
        profile = VolunteerProfile.objects.filter(user=user).first()
        withdrawn = profile is not None and profile.consent_withdrawn_at is not None
        if action == "withdraw":
            if withdrawn:
                messages.info(request, _("You have already withdrawn your consent."))
            else:
                erasure.withdraw_consent(user, by=user)
                messages.success(
                    request,
                    _(
                        "Your consent has been withdrawn. Your agreements have ended and your "
                        "interests have been withdrawn."
                    ),
                )
        elif action == "give":
            if not withdrawn:
                messages.info(request, _("Your consent is already given."))
            else:
                erasure.give_consent(user, by=user)
                messages.success(request, _("Thank you: your consent is given again."))
        else:
            messages.error(request, _("Choose whether to withdraw or give your consent."))
        return redirect("volunteering:my-consent")
