"""Interest: registering it, the coordinator's answers, the volunteer withdrawing it, and the
waiting list (promotion when a place frees, accepting, lapsing, leaving).

Which interests hold a place, and the lock each change takes: partnerships.services.places.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation
from partnerships.models import Interest, Opportunity, VolunteerAgreement, VolunteerProfile
from partnerships.notifications import coordinators_of_interest, notify
from partnerships.services.places import place_lock, places_left, require_place
from volunteer_portal.audit import records_actor
from volunteer_portal.transitions import DomainError, transition
from volunteer_portal.validators import no_cpr_number

Status = Interest.Status
MACHINE = Interest.STATUS_MACHINE
WAITING_SALT = "partnerships.waiting-list"


class OpportunityFull(DomainError):
    """No place is left; the volunteer may join the waiting list instead."""


def checked_reason(reason, missing):
    """A reason given to the other party: required, and without a CPR-like number."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing)
    try:
        no_cpr_number(reason)
    except ValidationError as error:
        raise DomainError(error.messages[0]) from None
    return reason


def waiting_token(interest):
    """The secret in a waiting-list mail's links (accept the place, leave the list)."""
    return signing.dumps(interest.pk, salt=WAITING_SALT)


def interest_for_token(token):
    """The interest a waiting-list link names, or None for a link that is not ours."""
    try:
        pk = signing.loads(token, salt=WAITING_SALT)
    except signing.BadSignature:
        return None
    return Interest.objects.select_related("opportunity", "volunteer").filter(pk=pk).first()


def _require_volunteer(volunteer):
    if not volunteer.is_authenticated or volunteer.role != volunteer.Role.VOLUNTEER:
        raise DomainError(_("Only a volunteer's account can register interest."))
    # Without consent the municipality cannot handle their voluntary work (issue #12).
    if VolunteerProfile.objects.filter(user=volunteer, consent_withdrawn_at__isnull=False).exists():
        raise DomainError(
            _(
                "You have withdrawn your consent. Give it again on the page about your data "
                "before you register interest."
            )
        )


def _already(opportunity):
    if opportunity is None:
        return DomainError(_("You have already registered interest with this unit."))
    return DomainError(
        _("You have already registered interest in “%(title)s”.") % {"title": opportunity.title}
    )


def _create(interest):
    """Save a new interest; the partial unique constraints catch a second open one posted
    at the same moment."""
    try:
        with transaction.atomic():
            interest.full_clean(exclude=["volunteer", "opportunity", "organisation"])
            interest.save()
    except IntegrityError:
        raise _already(interest.opportunity) from None
    return interest


@records_actor
def register_interest(
    *, volunteer, opportunity=None, organisation=None, message="", join_waiting_list=False, by
):
    """A volunteer's interest in ``opportunity``, or a general one for ``organisation``.

    A full opportunity raises OpportunityFull unless ``join_waiting_list``: then the interest
    waits in line. The coordinators are mailed a new interest; a waiting volunteer is mailed
    their place in the line with a link to leave it.
    """
    _require_volunteer(volunteer)
    if opportunity is None and (
        organisation is None
        or not organisation.is_active
        or not (
            organisation.is_municipal or organisation.kind == Organisation.Kind.VOLUNTEER_CENTRE
        )
    ):
        raise DomainError(_("Choose an opportunity, a municipal unit or the volunteer centre."))
    message = (message or "").strip()
    now = timezone.now()
    with place_lock(volunteer, opportunity) as locked:
        if locked is None:
            if (
                Interest.objects.open()
                .filter(volunteer=volunteer, opportunity=None, organisation=organisation)
                .exists()
            ):
                raise _already(None)
            interest = _create(
                Interest(
                    volunteer=volunteer,
                    organisation=organisation,
                    message=message,
                    status=Status.NEW,
                    created_at=now,
                )
            )
        else:
            if locked.status != Opportunity.Status.PUBLISHED:
                raise DomainError(
                    _("“%(title)s” is closed for interest.") % {"title": locked.title}
                )
            if Interest.objects.open().filter(volunteer=volunteer, opportunity=locked).exists():
                raise _already(locked)
            if VolunteerAgreement.objects.filter(
                volunteer=volunteer,
                opportunity=locked,
                status__in=VolunteerAgreement.PLACE_STATUSES,
            ).exists():
                raise DomainError(
                    _("You already have a volunteer agreement for “%(title)s”.")
                    % {"title": locked.title}
                )
            if places_left(locked, now=now) > 0:
                status = Status.NEW
            elif join_waiting_list:
                status = Status.WAITING
            else:
                raise OpportunityFull(
                    _(
                        "“%(title)s” is full. You can join its waiting list: you are offered "
                        "a place by e-mail when one frees."
                    )
                    % {"title": locked.title}
                )
            interest = _create(
                Interest(
                    volunteer=volunteer,
                    opportunity=locked,
                    organisation_id=locked.organisation_id,
                    message=message,
                    status=status,
                    created_at=now,
                )
            )
    if interest.status == Status.WAITING:
        notify(
            [volunteer],
            "waiting_joined",
            interest=interest,
            position=interest.waiting_position(),
            token=waiting_token(interest),
        )
    else:
        notify(coordinators_of_interest(interest), "interest_new", interest=interest)
    return interest


def _answered(stored, now):
    if stored.answered_at is None:
        stored.answered_at = now
        stored.save(update_fields=["answered_at", "updated_at"])


@records_actor
def start_dialogue(interest, *, by):
    """The coordinator has contacted the volunteer."""
    with transaction.atomic():
        stored, _old = transition(interest, Status.DIALOGUE, by=by, machine=MACHINE)
        _answered(stored, timezone.now())
    notify([stored.volunteer], "interest_dialogue", interest=stored)
    return stored


@records_actor
def decline(interest, *, reason, by):
    """The coordinator declines, with a reason the volunteer is told; its place frees."""
    reason = checked_reason(reason, _("Give the reason, so that the volunteer knows why."))
    with place_lock(interest.volunteer, interest.opportunity):
        stored, _old = transition(interest, Status.DECLINED, by=by, machine=MACHINE)
        stored.declined_reason = reason
        stored.save(update_fields=["declined_reason", "updated_at"])
        _answered(stored, timezone.now())
        if stored.opportunity_id:
            _fill_places(stored.opportunity, by=by)
    notify([stored.volunteer], "interest_declined", interest=stored)
    return stored


@records_actor
def withdraw(interest, *, by):
    """The volunteer withdraws their interest (or leaves the waiting list); a place it held
    passes to the next in line."""
    with place_lock(interest.volunteer, interest.opportunity):
        stored, old = transition(interest, Status.WITHDRAWN, by=by, machine=MACHINE)
        if stored.place_offered_until is not None:
            stored.place_offered_until = None
            stored.save(update_fields=["place_offered_until", "updated_at"])
        if stored.opportunity_id:
            _fill_places(stored.opportunity, by=by)
    if old != Status.WAITING:
        notify(coordinators_of_interest(stored), "interest_withdrawn", interest=stored)
    return stored


@records_actor
def accept_place(interest, *, by):
    """A volunteer accepts the place the waiting list offered them: the interest becomes a
    new one in the coordinators' inbox, keeping the place it held."""
    now = timezone.now()
    with place_lock(interest.volunteer, interest.opportunity) as opportunity:
        stored = Interest.objects.get(pk=interest.pk)
        if not stored.place_offer_open(now):
            raise DomainError(
                _("The place offered to you is no longer open: the time to answer has passed.")
            )
        require_place(opportunity, now=now, except_interest=stored)
        stored, _old = transition(stored, Status.NEW, by=by, machine=MACHINE)
        stored.place_offered_until = None
        stored.save(update_fields=["place_offered_until", "updated_at"])
    notify(coordinators_of_interest(stored), "interest_new", interest=stored)
    interest.status, interest.place_offered_until = stored.status, None
    return stored


def _fill_places(opportunity, *, by, now=None):
    """Under the caller's lock on ``opportunity``: let offers not answered in time lapse,
    then offer each free place to the next waiting volunteer, by mail."""
    now = now or timezone.now()
    for lapsed in Interest.objects.filter(
        opportunity=opportunity, status=Status.WAITING, place_offered_until__lte=now
    ):
        stored, _old = transition(lapsed, Status.LAPSED, by=by, machine=MACHINE)
        notify([stored.volunteer], "waiting_lapsed", interest=stored)
    free = places_left(opportunity, now=now)
    if free <= 0 or opportunity.status != Opportunity.Status.PUBLISHED:
        return 0
    until = now + datetime.timedelta(hours=settings.VOLUNTEER_PLACE_OFFER_HOURS)
    offered = 0
    for waiting in Interest.objects.waiting_in_order().filter(
        opportunity=opportunity, place_offered_until__isnull=True
    )[:free]:
        waiting.place_offered_until = until
        waiting.save(update_fields=["place_offered_until", "updated_at"])
        notify(
            [waiting.volunteer],
            "waiting_offered",
            interest=waiting,
            until=until,
            token=waiting_token(waiting),
        )
        offered += 1
    return offered


@records_actor
def fill_places(opportunity, *, by, now=None):
    """Offer the free places of ``opportunity`` down its waiting list (after a place freed,
    or more volunteers are wanted); returns how many were offered."""
    with place_lock(None, opportunity) as locked:
        return _fill_places(locked, by=by, now=now)


@records_actor
def pass_on_lapsed_offers(*, by, now=None):
    """The regular pass: offers from the waiting list not answered in time lapse, and their
    places go to the next in line. Returns how many opportunities were looked at."""
    now = now or timezone.now()
    ids = (
        Interest.objects.filter(status=Status.WAITING, place_offered_until__lte=now)
        .values_list("opportunity_id", flat=True)
        .distinct()
    )
    count = 0
    for opportunity in Opportunity.objects.filter(pk__in=list(ids)):
        fill_places(opportunity, by=by, now=now)
        count += 1
    return count
