"""The places of an opportunity, and the lock every change that takes one goes through.

A place is held by
- an interest that is new or in dialogue (it is in the coordinator's hands);
- an interest on the waiting list whose offered place is still open (``place_offered_until``);
- a volunteer agreement for the opportunity that is offered (until ``answer_by``), confirmed
  or active.
An interest whose agreement has been offered holds none of its own: its agreement does. So an
opportunity never has more places taken than it wants, and two offers cannot race for the
last place. Nothing stores the count: it is counted from those rows, under the lock.

Every change that takes a place (a new interest, an offer, a confirmation, an approval, a
promotion from the waiting list) runs inside :func:`place_lock`, which locks the volunteer and
then the opportunity (always in that order, so that two changes cannot wait for each other),
and gives up after ``PLACE_LOCK_TIMEOUT_SECONDS`` with "try again" rather than an error page.
"""

import contextlib

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Interest, Opportunity, VolunteerAgreement
from volunteer_portal.models import User
from volunteer_portal.transitions import DomainError


class TryAgain(DomainError):
    """Someone else was changing the same opportunity or volunteer; nothing was changed."""


def _holding_interests(now):
    return Q(status__in=(Interest.Status.NEW, Interest.Status.DIALOGUE)) | Q(
        status=Interest.Status.WAITING, place_offered_until__gt=now
    )


def _holding_agreements(now):
    return Q(
        status__in=(VolunteerAgreement.Status.CONFIRMED, VolunteerAgreement.Status.ACTIVE)
    ) | Q(status=VolunteerAgreement.Status.OFFERED, answer_by__gt=now)


def taken_places(opportunity, *, now=None, except_interest=None, except_agreement=None):
    """How many places of ``opportunity`` are held, leaving out the given interest and
    agreement (the ones a change is about)."""
    now = now or timezone.now()
    interests = Interest.objects.filter(_holding_interests(now), opportunity=opportunity)
    agreements = VolunteerAgreement.objects.filter(
        _holding_agreements(now), opportunity=opportunity
    )
    if except_interest is not None:
        interests = interests.exclude(pk=except_interest.pk)
    if except_agreement is not None:
        agreements = agreements.exclude(pk=except_agreement.pk)
    return interests.count() + agreements.count()


def next_lapse(now=None):
    """The next moment a held place is freed by time alone (an offer not answered), or None:
    until then the places left of every opportunity stay as counted now."""
    now = now or timezone.now()
    moments = [
        Interest.objects.filter(
            status=Interest.Status.WAITING, place_offered_until__gt=now
        ).aggregate(at=Min("place_offered_until"))["at"],
        VolunteerAgreement.objects.filter(
            status=VolunteerAgreement.Status.OFFERED, answer_by__gt=now
        ).aggregate(at=Min("answer_by"))["at"],
    ]
    return min((moment for moment in moments if moment is not None), default=None)


def places_left(opportunity, **kwargs):
    return max(0, opportunity.volunteers_wanted - taken_places(opportunity, **kwargs))


def with_places_left(queryset, now=None):
    """Annotate each opportunity with ``places_taken`` and ``places_left`` (two subqueries,
    whatever the number of rows), so that lists show and filter by them."""
    now = now or timezone.now()

    def count_of(model, condition):
        rows = (
            model.objects.filter(condition, opportunity=OuterRef("pk"))
            .order_by()
            .values("opportunity")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    queryset = queryset.annotate(
        places_taken=count_of(Interest, _holding_interests(now))
        + count_of(VolunteerAgreement, _holding_agreements(now))
    )
    return queryset.annotate(
        places_left=Greatest(Value(0), F("volunteers_wanted") - F("places_taken"))
    )


def _lock_timeout():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            seconds = int(settings.PLACE_LOCK_TIMEOUT_SECONDS)
            cursor.execute(f"SET LOCAL lock_timeout = '{seconds}s'")


def _is_lock_failure(error):
    cause = getattr(error, "__cause__", None)
    code = getattr(cause, "pgcode", None)
    if code is not None:
        return code in ("55P03", "40P01")  # lock_not_available, deadlock_detected
    return "locked" in str(error).lower()


@contextlib.contextmanager
def place_lock(volunteer, opportunity):
    """Inside one transaction, lock ``volunteer`` and then ``opportunity`` (either may be
    None) and yield the opportunity as stored. A lock not had within the timeout raises
    TryAgain, and nothing inside is kept."""
    try:
        with transaction.atomic():
            _lock_timeout()
            if volunteer is not None:
                list(User.objects.select_for_update().filter(pk=volunteer.pk).values_list("pk"))
            locked = None
            if opportunity is not None:
                locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
            yield locked
    except OperationalError as error:
        if _is_lock_failure(error):
            raise TryAgain(
                _("Many people are acting on this at the moment. Nothing was changed; try again.")
            ) from error
        raise


def require_place(opportunity, *, now=None, except_interest=None, except_agreement=None):
    """Raise DomainError unless a place is left (counted under the caller's lock)."""
    left = places_left(
        opportunity, now=now, except_interest=except_interest, except_agreement=except_agreement
    )
    if left <= 0:
        raise DomainError(
            _("“%(title)s” has no place left: all %(count)s are taken.")
            % {"title": opportunity.title, "count": opportunity.volunteers_wanted}
        )
