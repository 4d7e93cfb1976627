"""Changes to agreements: their status through the shared state machinery, and renewal."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.versions import stored_if_unchanged
from partnerships.models import Agreement
from volunteer_portal.audit import records_actor
from volunteer_portal.transitions import DomainError, transition

Status = Agreement.Status
MACHINE = Agreement.STATUS_MACHINE


def _require_partners(partners):
    if not partners:
        raise DomainError(_("An agreement needs at least one partner organisation."))


@records_actor
def agreement_create(agreement, *, partners, initiatives=(), by):
    """A new agreement, as a draft."""
    _require_partners(partners)
    with transaction.atomic():
        agreement.full_clean()
        agreement.save()
        agreement.partners.set(partners)
        agreement.initiatives.set(initiatives)
    return agreement


@records_actor
def agreement_update(agreement, *, fields, loaded, partners, initiatives=(), by):
    """Save the edited ``fields`` of ``agreement``, unless someone saved it after the editor
    loaded it (``loaded``): then EditConflict, and nothing is written."""
    _require_partners(partners)
    with transaction.atomic():
        stored_if_unchanged(
            agreement, loaded, _("Someone else saved this agreement while you were editing it.")
        )
        agreement.save(update_fields=[*fields, "updated_at"])
        agreement.partners.set(partners)
        agreement.initiatives.set(initiatives)
    return agreement


@records_actor
def document_add(document, *, by):
    """A file on an agreement or a grant report; its type is judged by its content on save."""
    document.uploaded_by = by
    document.save()
    return document


@records_actor
def activate(agreement, *, by):
    """A draft comes into force (it is signed)."""
    if not agreement.partners.exists():
        raise DomainError(_("An agreement needs at least one partner organisation."))
    stored, _old = transition(agreement, Status.ACTIVE, by=by, machine=MACHINE)
    return refresh_status(stored, by=by)


@records_actor
def end_early(agreement, *, reason, by):
    """Either side ended the agreement before its end date; the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason the agreement ends early."))
    with transaction.atomic():
        stored, _old = transition(agreement, Status.ENDED, by=by, machine=MACHINE)
        stored.ended_reason = reason
        stored.save(update_fields=["ended_reason", "updated_at"])
    agreement.ended_reason = reason
    return stored


@records_actor
def refresh_status(agreement, *, by, today=None):
    """Mark an agreement in force expiring (it ends within 90 days) or expired (its end has
    passed), as its dates say. Returns the agreement, changed or not."""
    today = today or timezone.localdate()
    if agreement.status not in Agreement.CURRENT_STATUSES or agreement.end_date is None:
        return agreement
    if agreement.end_date < today:
        target = Status.EXPIRED
    elif agreement.end_date <= today + datetime.timedelta(days=90):
        target = Status.EXPIRING
    else:
        return agreement
    if agreement.status == target:
        return agreement
    stored, _old = transition(agreement, target, by=by, machine=MACHINE)
    return stored


@records_actor
def refresh_all_statuses(*, by, today=None):
    """The daily pass over every agreement in force; returns how many changed."""
    today = today or timezone.localdate()
    changed = 0
    candidates = Agreement.objects.due_to_expire(today) | Agreement.objects.past_end(today)
    for agreement in candidates.distinct():
        before = agreement.status
        if refresh_status(agreement, by=by, today=today).status != before:
            changed += 1
    return changed


def _next_period(agreement):
    start = (agreement.end_date or timezone.localdate()) + datetime.timedelta(days=1)
    if agreement.end_date is None:
        return start, None
    length = agreement.end_date - agreement.start_date
    try:
        end = agreement.end_date.replace(year=agreement.end_date.year + 1)
    except ValueError:  # 29 February
        end = agreement.end_date + datetime.timedelta(days=365)
    if agreement.term == Agreement.Term.MULTI_YEAR:
        end = start + length
    return start, end


COPIED_FIELDS = (
    "kind",
    "title",
    "responsible_unit",
    "responsible_staff",
    "purpose",
    "scope",
    "municipality_commits",
    "partner_commits",
    "task_boundary",
    "confidentiality",
    "rooms",
    "termination",
    "term",
    "renewed_yearly",
    "involvement",
    "is_public",
    "reviews_per_year",
)


@records_actor
def renew(agreement, *, by):
    """Next period's agreement, made from this one as a draft and linked to it, so that a
    partnership's history reads as a chain. An agreement is renewed once only."""
    with transaction.atomic():
        stored = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if stored.status == Status.DRAFT:
            raise DomainError(_("A draft cannot be renewed; activate it first."))
        if Agreement.objects.filter(renewal_of=stored).exists():
            raise DomainError(_("This agreement has already been renewed."))
        start, end = _next_period(stored)
        renewal = Agreement(
            **{name: getattr(stored, name) for name in COPIED_FIELDS},
            start_date=start,
            end_date=end,
            renewal_of=stored,
        )
        try:
            with transaction.atomic():
                renewal.save()
        except IntegrityError:
            raise DomainError(_("This agreement has already been renewed.")) from None
        renewal.partners.set(stored.partners.all())
        renewal.initiatives.set(stored.initiatives.all())
    return renewal
