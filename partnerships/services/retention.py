"""Retention: what the portal keeps about people, and for how long (``manage.py apply_retention``).

Each rule finds the records whose time is up and says why (the rule and its dates); the daily
command anonymises them, or with ``--dry-run`` only lists them. The periods are settings (part E
of issue #12 in ``volunteer_portal.settings``), and the record of processing shows the same
numbers (``volunteer_portal.record_of_processing``).

- An interest that was declined, withdrawn or whose offered place lapsed: its message and the
  reason for declining are blanked RETENTION_CLOSED_INTEREST_MONTHS after its last change of
  status. The row stays for the statistics (status, dates, opportunity, unit). Its volunteer
  link stays too: the link cannot outlive the account (an interest is deleted with its
  volunteer's account), so while it exists the volunteer still has an account and sees their
  own history; what they wrote, and what a coordinator wrote about them, is gone.
- An ended volunteer agreement: VOLUNTEER_AGREEMENT_RETENTION_YEARS after ``ended_on`` its
  free texts (tasks, expectations, the line to paid staff's tasks, rhythm, meetings, the reason
  for ending) are blanked and the note of the child-protection certificate's assessment (when,
  by whom, when due again) is dropped; unit, opportunity, dates and status stay. The message of
  the interest it came from is blanked with it.
- A sign-up never confirmed: a volunteer account whose address was never verified and which
  never logged in is deleted, with its profile, RETENTION_UNCONFIRMED_SIGNUP_DAYS after it was
  made.
- A staff member's referral (bridge-building): its note is blanked RETENTION_REFERRAL_NOTE_MONTHS
  after the day of the referral.

The personal text is also scrubbed from the audit log's entries of each of those rows (the
entries stay: who changed what, when; see ``scrub_audit_entries_for``).

Where the volunteer can act (download their data first), they are mailed
RETENTION_WARNING_DAYS before: for an interest with a message of theirs and for an ended
agreement. Each warning is mailed once (a SentReminder keyed with the record and the date).
A record already due when it is first found is anonymised without a warning.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from organisations.models import Referral
from partnerships.models import Interest, SentReminder, VolunteerAgreement, VolunteerProfile
from partnerships.services.volunteer_agreements import add_months
from volunteer_portal.audit import records_actor
from volunteer_portal.mail import mail_user
from volunteer_portal.models import User

CLOSED_INTEREST_STATUSES = (
    Interest.Status.DECLINED,
    Interest.Status.WITHDRAWN,
    Interest.Status.LAPSED,
)
INTEREST_TEXTS = ("message", "declined_reason")
AGREEMENT_TEXTS = ("tasks", "expectations", "task_boundary", "rhythm", "meetings", "ended_reason")
AGREEMENT_CERTIFICATE_NOTE = (
    "child_certificate_assessed_on",
    "child_certificate_assessed_by",
    "child_certificate_renew_by",
)

RULE_INTEREST = "closed-interest"
RULE_AGREEMENT = "ended-agreement"
RULE_SIGNUP = "unconfirmed-signup"
RULE_REFERRAL = "referral-note"


@dataclass(frozen=True)
class Due:
    """One record whose time is up (or soon will be): which rule, why, and from when."""

    rule: str
    record: object
    due_on: datetime.date
    reason: str  # in the active language, for the command's output and the admin's list
    label: str = ""  # "partnerships.Interest #12", kept when the record is deleted

    def __post_init__(self):
        if not self.label:
            object.__setattr__(self, "label", f"{self.record._meta.label} #{self.record.pk}")


def _add_years(day, years):
    return add_months(day, 12 * years)


def _closed_interest_months():
    return settings.RETENTION_CLOSED_INTEREST_MONTHS


def _closed_interests():
    """Declined, withdrawn and lapsed interests that still hold text of a person."""
    return (
        Interest.objects.filter(status__in=CLOSED_INTEREST_STATUSES)
        .exclude(message="", declined_reason="")
        .select_related("volunteer", "opportunity", "organisation")
        .order_by("pk")
    )


def _interest_due_on(interest):
    changed = interest.status_changed_at or interest.updated_at
    return add_months(timezone.localdate(changed), _closed_interest_months())


def _closed_before(day):
    """Closed interests whose last change of status was before the end of ``day`` (the exact
    date is checked per row: months have different lengths)."""
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return _closed_interests().filter(
        Q(status_changed_at__lt=end) | Q(status_changed_at__isnull=True, updated_at__lt=end)
    )


def _interest_due(interest):
    changed = interest.status_changed_at or interest.updated_at
    due_on = _interest_due_on(interest)
    return Due(
        rule=RULE_INTEREST,
        record=interest,
        due_on=due_on,
        reason=gettext(
            "%(status)s interest: last change of status %(changed)s, its texts are kept "
            "%(months)s months, until %(due)s"
        )
        % {
            "status": interest.get_status_display(),
            "changed": timezone.localdate(changed).isoformat(),
            "months": _closed_interest_months(),
            "due": due_on.isoformat(),
        },
    )


def _ended_agreements():
    """Ended agreements that still hold free text or a note of the certificate's assessment."""
    kept = Q()
    for name in AGREEMENT_TEXTS:
        kept |= ~Q(**{name: ""})
    for name in AGREEMENT_CERTIFICATE_NOTE:
        kept |= Q(**{f"{name}__isnull": False})
    return (
        VolunteerAgreement.objects.filter(status=VolunteerAgreement.Status.ENDED)
        .exclude(ended_on__isnull=True)
        .filter(kept)
        .select_related("volunteer", "unit", "opportunity")
        .order_by("pk")
    )


def _agreement_due(agreement):
    years = settings.VOLUNTEER_AGREEMENT_RETENTION_YEARS
    due_on = _add_years(agreement.ended_on, years)
    return Due(
        rule=RULE_AGREEMENT,
        record=agreement,
        due_on=due_on,
        reason=gettext(
            "Volunteer agreement ended on %(ended)s, its details are kept %(years)s years, "
            "until %(due)s"
        )
        % {"ended": agreement.ended_on.isoformat(), "years": years, "due": due_on.isoformat()},
    )


def _unconfirmed_signups(now):
    days = settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS
    verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
    return (
        User.objects.filter(
            role=User.Role.VOLUNTEER,
            last_login__isnull=True,
            date_joined__lte=now - datetime.timedelta(days=days),
        )
        .exclude(Exists(verified))
        .order_by("pk")
    )


def _signup_due(user):
    days = settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS
    joined = timezone.localdate(user.date_joined)
    return Due(
        rule=RULE_SIGNUP,
        record=user,
        due_on=joined + datetime.timedelta(days=days),
        reason=gettext(
            "Volunteer sign-up of %(joined)s never confirmed and never used, kept %(days)s days"
        )
        % {"joined": joined.isoformat(), "days": days},
    )


def _referral_notes(today):
    months = settings.RETENTION_REFERRAL_NOTE_MONTHS
    return (
        Referral.objects.exclude(note="")
        .filter(referred_on__lte=add_months(today, -months))
        .order_by("pk")
    )


def _referral_due(referral):
    months = settings.RETENTION_REFERRAL_NOTE_MONTHS
    due_on = add_months(referral.referred_on, months)
    return Due(
        rule=RULE_REFERRAL,
        record=referral,
        due_on=due_on,
        reason=gettext(
            "Referral of %(referred)s, its note is kept %(months)s months, until %(due)s"
        )
        % {
            "referred": referral.referred_on.isoformat(),
            "months": months,
            "due": due_on.isoformat(),
        },
    )


def due_for_anonymisation(*, now=None):
    """Every record whose time is up at ``now``, each with the rule and the reason."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    months = _closed_interest_months()
    # Changed on or before this day, give or take the length of a month: checked per row.
    closed = _closed_before(add_months(today, -months) + datetime.timedelta(days=3))
    found = [_interest_due(i) for i in closed if _interest_due_on(i) <= today]
    found += [
        _agreement_due(a)
        for a in _ended_agreements().filter(
            ended_on__lte=_add_years(today, -settings.VOLUNTEER_AGREEMENT_RETENTION_YEARS)
        )
    ]
    found += [_signup_due(user) for user in _unconfirmed_signups(now)]
    found += [_referral_due(referral) for referral in _referral_notes(today)]
    return found


def due_for_warning(*, now=None):
    """The records a volunteer can still act on that fall due within RETENTION_WARNING_DAYS,
    not yet warned of."""
    today = timezone.localdate(now or timezone.now())
    last = today + datetime.timedelta(days=settings.RETENTION_WARNING_DAYS)
    found = [
        _interest_due(interest)
        for interest in _closed_before(
            add_months(last, -_closed_interest_months()) + datetime.timedelta(days=3)
        ).exclude(message="")
        if today < _interest_due_on(interest) <= last
    ]
    years = settings.VOLUNTEER_AGREEMENT_RETENTION_YEARS
    found += [
        _agreement_due(agreement)
        for agreement in _ended_agreements().filter(
            ended_on__gt=_add_years(today, -years), ended_on__lte=_add_years(last, -years)
        )
    ]
    found = [due for due in found if due.record.volunteer.is_active]
    sent = set(
        SentReminder.objects.filter(key__in=[warning_key(due) for due in found]).values_list(
            "key", flat=True
        )
    )
    return [due for due in found if warning_key(due) not in sent]


def warning_key(due):
    kind = "agreement" if due.rule == RULE_AGREEMENT else "interest"
    return f"retention:{kind}:{due.record.pk}:{due.due_on.isoformat()}"


def data_page_path(language=None):
    """The volunteer's own data page (download), or their overview until it exists; in
    ``language`` (the address of a page in English begins with /en/)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        for name in ("volunteering:my-data", "volunteering:me"):
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
    raise NoReverseMatch("volunteering:me")


def _scrub(model, pk, fields=None):
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    )
    for entry in entries:
        if fields is None:
            entry.changes = {}
            entry.object_repr = ""
            entry.serialized_data = None
        else:
            changes = entry.changes if isinstance(entry.changes, dict) else {}
            entry.changes = {
                name: (["", ""] if name in fields else values) for name, values in changes.items()
            }
            if entry.serialized_data:
                entry.serialized_data = None
        entry.changes_text = ""
        entry.save(update_fields=["changes", "changes_text", "object_repr", "serialized_data"])


@records_actor
def scrub_audit_entries_for(record, *, by, fields=None):
    """Blank the personal text in the audit log's entries of ``record``: the values of
    ``fields`` in each entry's changes, or (``fields`` None) all of its changes and its name.
    The entries themselves stay: who changed it, when, which action. (Writes no entry.)"""
    _scrub(type(record), record.pk, fields)


@records_actor
def anonymise_interest(interest, *, by):
    with transaction.atomic():
        interest = Interest.objects.select_for_update().get(pk=interest.pk)
        interest.message = ""
        interest.declined_reason = ""
        interest.save(update_fields=["message", "declined_reason", "updated_at"])
        _scrub(Interest, interest.pk, INTEREST_TEXTS)
    return interest


@records_actor
def anonymise_agreement(agreement, *, by):
    with transaction.atomic():
        agreement = VolunteerAgreement.objects.select_for_update().get(pk=agreement.pk)
        for name in AGREEMENT_TEXTS:
            setattr(agreement, name, "")
        for name in AGREEMENT_CERTIFICATE_NOTE:
            setattr(agreement, name, None)
        agreement.save(
            update_fields=[
                *AGREEMENT_TEXTS,
                "child_certificate_assessed_on",
                "child_certificate_assessed_by",
                "child_certificate_renew_by",
                "updated_at",
            ]
        )
        _scrub(VolunteerAgreement, agreement.pk, (*AGREEMENT_TEXTS, *AGREEMENT_CERTIFICATE_NOTE))
        if agreement.interest_id:
            anonymise_interest(agreement.interest, by=by)
    return agreement


@records_actor
def delete_unconfirmed_signup(user, *, by):
    with transaction.atomic():
        user_pk = user.pk
        profile_pk = VolunteerProfile.objects.filter(user_id=user_pk).values_list("pk", flat=True)
        profile_pk = profile_pk.first()
        user.delete()
        if profile_pk is not None:
            _scrub(VolunteerProfile, profile_pk)
        _scrub(User, user_pk)


@records_actor
def blank_referral_note(referral, *, by):
    # Referrals are kept out of the audit log (organisations.services.referrals).
    Referral.objects.filter(pk=referral.pk).update(note="")


ANONYMISERS = {
    RULE_INTEREST: anonymise_interest,
    RULE_AGREEMENT: anonymise_agreement,
    RULE_SIGNUP: delete_unconfirmed_signup,
    RULE_REFERRAL: blank_referral_note,
}


@records_actor
def anonymise(due, *, by):
    """Apply one rule to one record."""
    ANONYMISERS[due.rule](due.record, by=by)


@records_actor
def retention_warning_send(due, *, base_url, by):
    """Mail the volunteer once that ``due.record`` will be anonymised on ``due.due_on``;
    returns whether this call sent it."""
    volunteer = due.record.volunteer
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=warning_key(due), recipient=volunteer)
            mail_user(
                user=volunteer,
                template="volunteering/retention_warning",
                context={
                    "due": due,
                    "is_agreement": due.rule == RULE_AGREEMENT,
                    "record": due.record,
                    "due_on": due.due_on,
                    "data_url": base_url.rstrip("/") + data_page_path(volunteer.language),
                },
            )
    except IntegrityError:
        return False
    return True


@records_actor
def apply_retention(*, base_url, by, now=None):
    """The daily pass: warn of what falls due soon, then anonymise what is due. Returns
    (warned, anonymised) as lists of Due."""
    now = now or timezone.now()
    warned = [
        due
        for due in due_for_warning(now=now)
        if retention_warning_send(due, base_url=base_url, by=by)
    ]
    done = due_for_anonymisation(now=now)
    for due in done:
        anonymise(due, by=by)
    return warned, done
