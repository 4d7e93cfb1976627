"""Creating and editing activities, and confirming that they are current.

An activity saved through its edit form by its organisation's contact or by staff counts as
confirmed that day: the person has just looked at it. Target groups and challenges are saved
with the row, and django-auditlog records them as part of the activity's change.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Activity
from organisations.versions import EditConflict, stored_if_unchanged
from volunteer_portal.audit import records_actor

__all__ = ["EditConflict"]


@records_actor
def activity_create(*, activity, by, target_groups=(), challenges=()):
    """Save a new activity (already validated) with its target groups and challenges; it is
    confirmed today."""
    with transaction.atomic():
        activity.last_confirmed = timezone.localdate()
        activity.save()
        activity.target_groups.set(target_groups)
        activity.challenges.set(challenges)
    return activity


@records_actor
def activity_update(*, activity, fields, loaded, by, target_groups=(), challenges=()):
    """Save ``fields`` of an edited activity with its target groups and challenges, and count
    it as confirmed today. Raises :class:`EditConflict` when someone saved the activity after
    ``loaded``."""
    with transaction.atomic():
        stored_if_unchanged(
            activity, loaded, _("Someone else saved this activity while you were editing it.")
        )
        activity.last_confirmed = timezone.localdate()
        activity.save(update_fields=[*fields, "last_confirmed", "updated_at"])
        activity.target_groups.set(target_groups)
        activity.challenges.set(challenges)
    return activity


@records_actor
def activities_confirm(*, organisation, by):
    """Confirm that every activity of ``organisation`` is current as it stands: each is
    stamped as confirmed today (one audit entry each). Returns how many were confirmed."""
    today = timezone.localdate()
    with transaction.atomic():
        activities = list(
            Activity.objects.select_for_update(of=("self",))
            .filter(organisation=organisation)
            .select_related("organisation", "area")
        )
        for activity in activities:
            activity.last_confirmed = today
            activity.save(update_fields=["last_confirmed", "updated_at"])
    return len(activities)
