"""Volunteer agreements: drafting one (often from an interest), offering it, the volunteer's
confirmation, the coordinator's approval, recording the child-protection certificate's
assessment, and ending it. Every move goes through the shared state machinery and mails the
other party; the ones that take a place hold the lock of partnerships.services.places.
"""

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisations.versions import stored_if_unchanged
from partnerships.models import Interest, VolunteerAgreement
from partnerships.notifications import notify, people_of_agreement
from partnerships.services.interests import _fill_places, checked_reason
from partnerships.services.places import place_lock, require_place
from volunteer_portal.audit import records_actor
from volunteer_portal.transitions import DomainError, transition

Status = VolunteerAgreement.Status
MACHINE = VolunteerAgreement.STATUS_MACHINE


def add_months(day, months):
    """``day`` moved ``months`` on, to the month's last day where it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@records_actor
def agreement_create(agreement, *, by, interest=None):
    """A draft agreement; from ``interest`` it takes the volunteer and the opportunity, and a
    new interest is answered (in dialogue). An interest has one agreement: a second (the form
    sent twice, two coordinators at once) is refused under the interest's row lock."""
    with transaction.atomic():
        if interest is not None:
            interest = Interest.objects.select_for_update().get(pk=interest.pk)
            if VolunteerAgreement.objects.filter(interest=interest).exists():
                raise DomainError(_("This interest already has a volunteer agreement."))
            if not interest.is_open or interest.status == Interest.Status.WAITING:
                raise DomainError(_("An agreement is made from a new interest or one in dialogue."))
            agreement.volunteer_id = interest.volunteer_id
            agreement.opportunity_id = interest.opportunity_id
            agreement.interest = interest
        if agreement.opportunity_id and agreement.opportunity.requires_child_certificate:
            agreement.child_certificate_required = True
        agreement.created_by = by
        agreement.full_clean()
        agreement.save()
        if interest is not None and interest.status == Interest.Status.NEW:
            stored, _old = transition(
                interest, Interest.Status.DIALOGUE, by=by, machine=Interest.STATUS_MACHINE
            )
            if stored.answered_at is None:
                stored.answered_at = timezone.now()
                stored.save(update_fields=["answered_at", "updated_at"])
    return agreement


@records_actor
def agreement_update(agreement, *, fields, loaded, by):
    """Save the edited ``fields`` of a draft, unless someone saved it after the editor loaded
    it (EditConflict). An offered agreement is what the volunteer reads: it is not edited."""
    with transaction.atomic():
        stored = stored_if_unchanged(
            agreement, loaded, _("Someone else saved this agreement while you were editing it.")
        )
        if stored.status != Status.DRAFT:
            raise DomainError(_("Only a draft agreement can be edited."))
        agreement.full_clean()
        agreement.save(update_fields=[*fields, "updated_at"])
    return agreement


@records_actor
def offer(agreement, *, by, now=None):
    """The coordinator offers the agreement to the volunteer, who has until ``answer_by`` to
    confirm it; meanwhile it holds a place (the interest's place passes to it)."""
    now = now or timezone.now()
    with place_lock(agreement.volunteer, agreement.opportunity) as opportunity:
        if opportunity is not None:
            require_place(
                opportunity, now=now, except_interest=agreement.interest, except_agreement=agreement
            )
        stored, _old = transition(agreement, Status.OFFERED, by=by, machine=MACHINE)
        stored.answer_by = now + datetime.timedelta(days=settings.VOLUNTEER_AGREEMENT_ANSWER_DAYS)
        stored.save(update_fields=["answer_by", "updated_at"])
        if stored.interest_id and stored.interest.status in (
            Interest.Status.NEW,
            Interest.Status.DIALOGUE,
        ):
            transition(
                stored.interest,
                Interest.Status.AGREEMENT_OFFERED,
                by=by,
                machine=Interest.STATUS_MACHINE,
            )
    agreement.answer_by = stored.answer_by
    notify([stored.volunteer], "agreement_offered", agreement=stored, until=stored.answer_by)
    return stored


@records_actor
def confirm(agreement, *, by, now=None):
    """The volunteer has read the agreement and confirms it, before ``answer_by``."""
    now = now or timezone.now()
    if by.pk != agreement.volunteer_id:
        raise DomainError(_("Only the volunteer confirms their agreement."))
    with place_lock(agreement.volunteer, agreement.opportunity) as opportunity:
        stored = VolunteerAgreement.objects.get(pk=agreement.pk)
        if stored.status == Status.OFFERED and not stored.offer_open(now):
            raise DomainError(
                _("The time to confirm this agreement has passed. Ask your contact person.")
            )
        if opportunity is not None:
            require_place(opportunity, now=now, except_agreement=stored)
        stored, _old = transition(stored, Status.CONFIRMED, by=by, machine=MACHINE)
        stored.confirmed_at = now
        stored.save(update_fields=["confirmed_at", "updated_at"])
    notify(people_of_agreement(stored), "agreement_confirmed", agreement=stored)
    return stored


@records_actor
def approve(agreement, *, by, now=None):
    """The coordinator approves a confirmed agreement: the volunteer is active. Not while a
    required child-protection certificate has not been recorded as assessed."""
    now = now or timezone.now()
    with place_lock(agreement.volunteer, agreement.opportunity) as opportunity:
        stored = VolunteerAgreement.objects.get(pk=agreement.pk)
        if stored.child_certificate_missing:
            raise DomainError(
                _(
                    "The agreement cannot be approved before the child-protection certificate "
                    "has been assessed and recorded."
                )
            )
        if opportunity is not None:
            require_place(opportunity, now=now, except_agreement=stored)
        stored, _old = transition(stored, Status.ACTIVE, by=by, machine=MACHINE)
        stored.approved_at = now
        stored.approved_by = by
        stored.save(update_fields=["approved_at", "approved_by", "updated_at"])
    notify([stored.volunteer], "agreement_approved", agreement=stored)
    return stored


@records_actor
def record_child_certificate(agreement, *, assessed_on, by):
    """Note that the unit assessed the volunteer's child-protection certificate on
    ``assessed_on`` (the certificate itself is deleted, never stored); it is due again after
    CHILD_CERTIFICATE_RENEWAL_MONTHS."""
    today = timezone.localdate()
    if assessed_on is None or assessed_on > today:
        raise DomainError(_("The date of the assessment cannot be in the future."))
    if add_months(assessed_on, settings.CHILD_CERTIFICATE_RENEWAL_MONTHS) <= today:
        raise DomainError(
            _(
                "An assessment of that date is already due again: a new child-protection "
                "certificate is needed."
            )
        )
    if agreement.status == Status.ENDED:
        raise DomainError(_("The agreement has ended."))
    with transaction.atomic():
        stored = VolunteerAgreement.objects.select_for_update().get(pk=agreement.pk)
        stored.child_certificate_required = True
        stored.child_certificate_assessed_on = assessed_on
        stored.child_certificate_assessed_by = by
        stored.child_certificate_renew_by = add_months(
            assessed_on, settings.CHILD_CERTIFICATE_RENEWAL_MONTHS
        )
        stored.save(
            update_fields=[
                "child_certificate_required",
                "child_certificate_assessed_on",
                "child_certificate_assessed_by",
                "child_certificate_renew_by",
                "updated_at",
            ]
        )
    for name in ("child_certificate_assessed_on", "child_certificate_renew_by"):
        setattr(agreement, name, getattr(stored, name))
    return stored


@records_actor
def end(agreement, *, reason, by, on=None):
    """Either side ends the agreement (a volunteer declining an offer too), on ``on`` (today
    by default) and with a reason; the other side is mailed and its place passes on."""
    reason = checked_reason(reason, _("Give the reason the agreement ends."))
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise DomainError(
            _(
                "An agreement ends today or on a day that has passed. To end it later, "
                "set its end date instead."
            )
        )
    # Once the work has begun it ends on or after its start; before that, on or after the
    # day the agreement was made.
    if agreement.status == Status.ACTIVE and agreement.start_date <= today:
        earliest = agreement.start_date
    else:
        earliest = timezone.localdate(agreement.created_at)
    if on < earliest:
        raise DomainError(
            _("The agreement cannot end before %(day)s.") % {"day": date_format(earliest)}
        )
    with place_lock(agreement.volunteer, agreement.opportunity) as opportunity:
        stored, _old = transition(agreement, Status.ENDED, by=by, machine=MACHINE)
        stored.ended_on = on
        stored.ended_reason = reason
        stored.ended_by = by
        stored.save(update_fields=["ended_on", "ended_reason", "ended_by", "updated_at"])
        if opportunity is not None:
            _fill_places(opportunity, by=by)
    if by is not None and by.pk == stored.volunteer_id:
        notify(people_of_agreement(stored), "agreement_ended", agreement=stored)
    else:
        notify([stored.volunteer], "agreement_ended", agreement=stored)
    return stored


@records_actor
def end_unanswered_offers(*, by, now=None):
    """The regular pass: offers the volunteer did not answer in time end, and their places
    pass on. Returns how many ended."""
    now = now or timezone.now()
    ended = 0
    for agreement in VolunteerAgreement.objects.filter(status=Status.OFFERED, answer_by__lte=now):
        end(
            agreement,
            reason=_("The volunteer did not answer the offer in time."),
            on=timezone.localdate(now),
            by=by,
        )
        ended += 1
    return ended
