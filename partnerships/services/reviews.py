"""Review meetings of an agreement: a held meeting is recorded, and the next one is planned from
the agreement's schedule (its number of review meetings a year)."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Agreement, ReviewMeeting
from volunteer_portal.audit import records_actor
from volunteer_portal.transitions import DomainError

# An agreement that has run out or ended early gets no further review planned.
FINISHED = (Agreement.Status.EXPIRED, Agreement.Status.ENDED)


def _add_months(day, months):
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_review_after(held, reviews_per_year):
    """When the meeting after one held on ``held`` falls: 12 / n months later (in days for a
    schedule that does not divide the year into whole months); None without a schedule."""
    if not reviews_per_year:
        return None
    if 12 % reviews_per_year == 0:
        return _add_months(held, 12 // reviews_per_year)
    return held + datetime.timedelta(days=round(365 / reviews_per_year))


@records_actor
def record_review_meeting(agreement, date, participants="", minutes="", follow_ups="", *, by):
    """A held review meeting. The agreement's next review is planned from its latest meeting
    and its schedule: none without a schedule, after the agreement's end or once it is over."""
    if date > timezone.localdate():
        raise DomainError(_("A meeting that has been held cannot be dated in the future."))
    with transaction.atomic():
        stored = Agreement.objects.select_for_update().get(pk=agreement.pk)
        meeting = ReviewMeeting.objects.create(
            agreement=stored,
            date=date,
            participants=participants,
            minutes=minutes,
            follow_ups=follow_ups,
        )
        latest = max(stored.review_meetings.values_list("date", flat=True))
        planned = next_review_after(latest, stored.reviews_per_year)
        if stored.status in FINISHED or (planned and stored.end_date and planned > stored.end_date):
            planned = None
        if planned != stored.next_review_date:
            stored.next_review_date = planned
            stored.save(update_fields=["next_review_date", "updated_at"])
    agreement.next_review_date = stored.next_review_date
    return meeting
