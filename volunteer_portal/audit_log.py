"""The audit log kept as a record (issue #12, part D): nobody deletes an entry, not even an
administrator; the volunteer's erasure scrubs the personal text out of the entries about them
(:func:`scrub_audit_entries_of`); entries older than ``AUDIT_LOG_RETENTION_DAYS`` age out
through :func:`prune_audit_log` (``manage.py prune_audit_log``), the one sanctioned deletion.

Also here: the access log (:func:`log_access`, who looked at a volunteer's personal data or
child-protection certificate status) and the middleware that records the caller's address
only as far as ``TRUSTED_PROXY_COUNT`` says the proxies in front can be trusted.
"""

import contextlib
import datetime
import json
from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from volunteer_portal.audit import acting_as
from volunteer_portal.ratelimits import UNKNOWN_ADDRESS, client_ip

ERASED = "[erased]"
# What an erased volunteer's account is called (partnerships.services.erasure).
ANONYMOUS_NAME = "Slettet frivillig"
_deletion_allowed = ContextVar("audit_log_deletion_allowed", default=False)


# --- The caller's address --------------------------------------------------------------------


def client_address(request):
    """The caller's IP address as far as it can be trusted, or None: the rate limits' reading
    (``volunteer_portal.ratelimits.client_ip``, part A) of ``TRUSTED_PROXY_COUNT``.

    With ``TRUSTED_PROXY_COUNT = 0`` (no proxy in front) it is REMOTE_ADDR and a
    X-Forwarded-For header, which anyone can send, is ignored. With N proxies in front, each
    appends the address it saw, so the Nth entry from the right was written by our outermost
    proxy; the entries left of it are the client's own claims. Too few entries: REMOTE_ADDR.
    """
    address = client_ip(request)
    return None if address == UNKNOWN_ADDRESS else address


class TrustedProxyAuditlogMiddleware(AuditlogMiddleware):
    """auditlog's middleware, but the address is :func:`client_address` (auditlog's own takes
    the leftmost X-Forwarded-For entry, which the client chooses) and the port is not taken
    from a header the client chooses either."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None


# --- The access log --------------------------------------------------------------------------


def log_access(user, instance, **additional_data):
    """Record that ``user`` viewed ``instance`` (an interest, a volunteer agreement, a
    profile, ...) as an ACCESS entry; ``additional_data`` says what was shown, e.g.
    ``child_certificate_shown=True``."""
    with acting_as(user if user.is_authenticated else None):
        return LogEntry.objects.log_create(
            instance,
            force_log=True,
            action=LogEntry.Action.ACCESS,
            additional_data=additional_data or None,
        )


def log_export(user, agreements, *, file_format):
    """One ACCESS entry for a coordinator's export, naming the agreements and volunteers in
    it (stored on the exporting user's row; :func:`access_entries_about` finds it)."""
    agreements = list(agreements)
    volunteer_ids = sorted({a.volunteer_id for a in agreements})
    return log_access(
        user,
        user,
        export=file_format,
        volunteer_agreement_ids=[a.pk for a in agreements],
        # Delimited, so that one volunteer's id is found with a text lookup on every database.
        volunteers="," + ",".join(str(pk) for pk in volunteer_ids) + ",",
    )


def _about_q(user, also=()):
    """A Q for the log entries about ``user``'s own rows (account, profile, interests,
    volunteer agreements), and about the ``(model, pk)`` pairs of ``also`` (rows already
    deleted)."""
    from partnerships.models import Interest, VolunteerAgreement, VolunteerProfile

    rows = {
        get_user_model(): [user.pk],
        VolunteerProfile: list(
            VolunteerProfile.objects.filter(user=user).values_list("pk", flat=True)
        ),
        Interest: list(Interest.objects.filter(volunteer=user).values_list("pk", flat=True)),
        VolunteerAgreement: list(
            VolunteerAgreement.objects.filter(volunteer=user).values_list("pk", flat=True)
        ),
    }
    for model, pk in also:
        rows.setdefault(model, []).append(pk)
    q = Q(pk__in=[])
    for model, pks in rows.items():
        if pks:
            q |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_pk__in=[str(pk) for pk in pks],
            )
    return q


def access_entries_about(user):
    """Who viewed ``user``'s personal data, newest first: the ACCESS entries on their rows
    and on exports that included them; their own looks are left out."""
    exported = Q(additional_data__volunteers__icontains=f",{user.pk},")
    return (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        .filter(_about_q(user) | exported)
        .exclude(actor_id=user.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


# --- No deletion but the sanctioned ones ------------------------------------------------------


@contextlib.contextmanager
def audit_log_deletion():
    """The only way past the guard below: pruning aged entries (and nothing else)."""
    token = _deletion_allowed.set(True)
    try:
        yield
    finally:
        _deletion_allowed.reset(token)


@receiver(pre_delete, sender=LogEntry, dispatch_uid="audit-log-no-deletion")
def refuse_log_entry_deletion(sender, instance, **kwargs):
    """Every deletion of a log entry through Django (one, a queryset, the admin, a cascade)
    is refused, except inside :func:`audit_log_deletion`."""
    if not _deletion_allowed.get():
        raise PermissionDenied("Audit-log entries are not deleted; they age out.")


def prune_audit_log(*, now=None, days=None):
    """Delete the entries older than ``days`` (``AUDIT_LOG_RETENTION_DAYS``); their number."""
    days = settings.AUDIT_LOG_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with audit_log_deletion(), transaction.atomic():
        deleted, _per_model = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted


# --- Scrubbing a person out of the log --------------------------------------------------------

# Fields of the person's rows whose values say nothing about them: kept for the statistics
# and the history of the unit's work. Everything else in their entries is erased.
KEPT_FIELDS = frozenset(
    {
        "id",
        "status",
        "status_changed_at",
        "role",
        "is_active",
        "date_joined",
        "language",
        "unit",
        "opportunity",
        "organisation",
        "contact_person",
        "interest",
        "start_date",
        "end_date",
        "answered_at",
        "place_offered_until",
        "answer_by",
        "confirmed_at",
        "approved_at",
        "approved_by",
        "ended_on",
        "ended_by",
        "created_by",
        "created_at",
        "updated_at",
        "insurance",
        "child_certificate_required",
    }
)


def _scrub_text(value, needles):
    if isinstance(value, str):
        for needle in needles:
            if needle and needle.casefold() in value.casefold():
                return ERASED
        return value
    if isinstance(value, list):
        return [_scrub_text(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_text(item, needles) for key, item in value.items()}
    return value


def _scrub_changes(changes):
    if not isinstance(changes, dict):
        return changes
    return {
        field: (value if field in KEPT_FIELDS else [ERASED, ERASED])
        for field, value in changes.items()
    }


def personal_strings(user, profile=None):
    """The strings that identify ``user``: e-mail addresses, name, phone."""
    from allauth.account.models import EmailAddress

    strings = {user.email, user.full_name}
    strings |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    if profile is not None:
        strings.add(profile.phone)
    return {s.strip() for s in strings if s and len(s.strip()) >= 3}


def scrub_audit_entries_of(user, *, strings=None, also=()):
    """Erase the personal text of the log entries about ``user`` (their account, profile,
    interests and volunteer agreements) and of the entries they wrote, keeping what was done,
    to which model and when. Call it before the person's rows are anonymised or deleted (it
    finds the rows through them) and again afterwards for the entries the erasure wrote
    (``strings``: the identifying strings gathered before; ``also``: ``(model, pk)`` of the
    person's rows already deleted). Returns the number of entries scrubbed.
    """
    profile = getattr(user, "volunteer_profile", None)
    strings = set(strings or ()) | personal_strings(user, profile)
    strings = {s for s in strings if s != ANONYMOUS_NAME and not s.endswith("@invalid")}
    mentions = Q(pk__in=[])
    for needle in strings:
        escaped = json.dumps(needle)[1:-1]
        mentions |= Q(object_repr__icontains=needle) | Q(changes_text__icontains=needle)
        for text in {needle, escaped}:
            mentions |= Q(changes_as_text__icontains=text) | Q(additional_as_text__icontains=text)
            mentions |= Q(serialized_as_text__icontains=text)
    about = _about_q(user, also)
    entries = LogEntry.objects.annotate(
        changes_as_text=Cast("changes", TextField()),
        additional_as_text=Cast("additional_data", TextField()),
        serialized_as_text=Cast("serialized_data", TextField()),
    ).filter(about | Q(actor_id=user.pk) | mentions)
    about_ids = set(LogEntry.objects.filter(about).values_list("pk", flat=True))
    count = 0
    for entry in entries:
        if entry.pk in about_ids:
            entry.object_repr = ERASED
            entry.changes = _scrub_changes(entry.changes)
            entry.changes_text = ""
            entry.serialized_data = None
        entry.object_repr = _scrub_text(entry.object_repr, strings)
        entry.changes = _scrub_text(entry.changes, strings)
        entry.changes_text = _scrub_text(entry.changes_text, strings)
        entry.additional_data = _scrub_text(entry.additional_data, strings)
        entry.serialized_data = _scrub_text(entry.serialized_data, strings)
        if entry.actor_id == user.pk:
            entry.actor_email = None
            entry.remote_addr = None
            entry.remote_port = None
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=entry.object_repr,
            changes=entry.changes,
            changes_text=entry.changes_text,
            additional_data=entry.additional_data,
            serialized_data=entry.serialized_data,
            actor_email=entry.actor_email,
            remote_addr=entry.remote_addr,
            remote_port=entry.remote_port,
        )
        count += 1
    return count
