"""The volunteer's rights over their data (issue #12, part D): deleting their account, and
withdrawing (or giving again) their consent.

Deleting the account erases the person at once, in one transaction:

1. the account is anonymised first (``deleted-<id>@invalid``, "Slettet frivillig"), so that
   nothing written from here on, the coordinators' mails included, carries the person;
2. their agreements that have not ended are ended through the agreement service ("The
   volunteer deleted their account"): the contact person and the unit's coordinators are
   mailed that the agreement (unit, dates, link) ended, and its place passes on; their open
   interests are withdrawn through the interest service, and their places pass on too;
3. what is about the person is blanked: interest messages and reasons for declining, the
   agreements' mutual expectations, reasons for ending and the certificate's assessment; the
   profile is deleted, and so are their e-mail addresses, sessions, calendar address, the mail
   tasks addressed to them or naming them (queued or sent), login attempts recorded under
   their address, and the Django admin's notes naming them; sent reminders lose their
   recipient;
4. the audit log's entries about them are scrubbed (``scrub_audit_entries_of``).

Kept for the statistics, without identity: the account row (inactive, no usable password; the
agreements and interests point at it), each agreement's unit, opportunity, tasks, rhythm,
dates and status, each interest's unit, opportunity, dates and status.

Withdrawing consent keeps the account (to log in, download the data, give consent again or
delete it) but stops the processing that rests on the consent: agreements end and interests
are withdrawn as above, the profile's details are cleared, and no new interest can be
registered until consent is given again.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import (
    CalendarToken,
    Interest,
    SentReminder,
    VolunteerAgreement,
    VolunteerProfile,
)
from partnerships.services import interests as interest_services
from partnerships.services import volunteer_agreements as agreement_services
from volunteer_portal.audit import records_actor
from volunteer_portal.audit_log import (
    ANONYMOUS_NAME,
    ERASED,
    personal_strings,
    scrub_audit_entries_of,
)
from volunteer_portal.models import User

MAIL_TASK = "volunteer_portal.tasks.send_mail"


def _placeholder_email(user):
    return f"deleted-{user.pk}@invalid"


def _stop_volunteering(user, *, reason, by):
    """End the person's agreements that have not ended and withdraw their open interests,
    through the services (mails, places passing on)."""
    open_agreements = (
        VolunteerAgreement.objects.filter(volunteer=user)
        .exclude(status=VolunteerAgreement.Status.ENDED)
        .with_list_data()
        .order_by("pk")
    )
    for agreement in open_agreements:
        agreement_services.end(agreement, reason=reason, by=by)
    for interest in Interest.objects.filter(volunteer=user).open().with_list_data():
        interest_services.withdraw(interest, by=by)


@records_actor
def delete_account(user, *, by):
    """Erase the volunteer ``user`` (see the module's description); ``by`` is the person
    themselves (or an administrator). Returns the anonymised account."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        profile = VolunteerProfile.objects.filter(user=user).first()
        strings = personal_strings(user, profile)
        addresses = {
            user.email,
            *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
        }
        profile_pk = profile.pk if profile else None

        user.email = _placeholder_email(user)
        user.full_name = ANONYMOUS_NAME
        user.save(update_fields=["email", "full_name"])
        _stop_volunteering(user, reason=_("The volunteer deleted their account."), by=by)

        Interest.objects.filter(volunteer=user).update(message="", declined_reason="")
        VolunteerAgreement.objects.filter(volunteer=user).update(
            expectations="",
            ended_reason=_("The volunteer deleted their account."),
            child_certificate_assessed_on=None,
            child_certificate_assessed_by=None,
            child_certificate_renew_by=None,
        )
        if profile is not None:
            profile.delete()
        EmailAddress.objects.filter(user=user).delete()
        CalendarToken.objects.filter(user=user).delete()
        SentReminder.objects.filter(recipient=user).update(recipient=None)
        _end_sessions_of(user)
        _drop_mails_of(addresses | strings)
        _forget_login_attempts(addresses)
        AdminLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
        ).update(object_repr=ERASED)

        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["password", "is_active"])
        also = [(VolunteerProfile, profile_pk)] if profile_pk else []
        scrub_audit_entries_of(user, strings=strings, also=also)
    return user


@records_actor
def withdraw_consent(user, *, by, now=None):
    """The volunteer withdraws their consent: agreements end, interests are withdrawn, the
    profile's details are cleared and the time recorded. A second call changes nothing."""
    with transaction.atomic():
        profile, _created = VolunteerProfile.objects.select_for_update().get_or_create(user=user)
        if profile.consent_withdrawn_at is not None:
            return profile
        _stop_volunteering(user, reason=_("The volunteer withdrew their consent."), by=by)
        profile.phone = ""
        profile.languages = ""
        profile.presentation = ""
        profile.kinds = []
        profile.availability = []
        profile.reminders_enabled = False
        profile.consent_withdrawn_at = now or timezone.now()
        profile.save()
        profile.areas.clear()
    return profile


@records_actor
def give_consent(user, *, by, now=None):
    """The volunteer gives their consent again after withdrawing it."""
    with transaction.atomic():
        profile, _created = VolunteerProfile.objects.select_for_update().get_or_create(user=user)
        profile.consent_given_at = now or timezone.now()
        profile.consent_withdrawn_at = None
        profile.save(update_fields=["consent_given_at", "consent_withdrawn_at", "updated_at"])
    return profile


def _end_sessions_of(user):
    """Delete every session logged in as ``user`` (the session table is read through once)."""
    if apps.is_installed("allauth.usersessions"):
        from allauth.usersessions.models import UserSession

        UserSession.objects.filter(user=user).delete()
    doomed = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()


def _json_forms(text):
    import json

    return {text, json.dumps(text)[1:-1]}


def _drop_mails_of(strings):
    """Delete the mail tasks addressed to or naming any of ``strings``, queued or sent (not
    one a worker is sending this very moment)."""
    from django_tasks_db.models import DBTaskResult

    match = Q(pk__in=[])
    for text in strings:
        for form in _json_forms(text):
            match |= Q(args_as_text__icontains=form)
    (
        DBTaskResult.objects.annotate(args_as_text=Cast("args_kwargs", TextField()))
        .filter(task_path=MAIL_TASK)
        .exclude(status="RUNNING")
        .filter(match)
        .delete()
    )


def _forget_login_attempts(addresses):
    if not apps.is_installed("axes"):
        return
    names = Q(pk__in=[])
    for address in addresses:
        names |= Q(username__iexact=address)
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", name)
        except LookupError:
            continue
        model.objects.filter(names).delete()
