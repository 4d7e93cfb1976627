"""Volunteer opportunities: creating and editing them (with the optimistic check of the
organisation pages), and publishing and closing them through the shared state machinery.

Places that appear (an opportunity published again, or more volunteers wanted) go down the
waiting list at once (partnerships.services.interests.fill_places).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from organisations.versions import EditConflict, stored_if_unchanged
from partnerships.models import Opportunity
from partnerships.services.interests import fill_places
from volunteer_portal.audit import records_actor
from volunteer_portal.transitions import transition

__all__ = ["EditConflict"]

Status = Opportunity.Status
MACHINE = Opportunity.STATUS_MACHINE


def _set_lists(opportunity, *, coordinators, target_groups, initiatives):
    opportunity.coordinators.set(coordinators)
    opportunity.target_groups.set(target_groups)
    opportunity.initiatives.set(initiatives)


@records_actor
def opportunity_create(opportunity, *, coordinators=(), target_groups=(), initiatives=(), by):
    """Save a new opportunity (validated by its form) as a draft, with its coordinators,
    target groups and the initiatives it serves."""
    with transaction.atomic():
        opportunity.full_clean()
        opportunity.save()
        _set_lists(
            opportunity,
            coordinators=coordinators,
            target_groups=target_groups,
            initiatives=initiatives,
        )
        # The search text names the target groups, which exist only now.
        opportunity.save(update_fields=["search_text"])
    return opportunity


@records_actor
def opportunity_update(
    opportunity, *, fields, loaded, coordinators=(), target_groups=(), initiatives=(), by
):
    """Save the edited ``fields`` of ``opportunity`` and its lists, unless someone saved it
    after the editor loaded it (``loaded``): then EditConflict, and nothing is written. More
    volunteers wanted on a published opportunity offers the new places to the waiting list."""
    with transaction.atomic():
        stored = stored_if_unchanged(
            opportunity,
            loaded,
            _("Someone else saved this volunteer opportunity while you were editing it."),
        )
        _set_lists(
            opportunity,
            coordinators=coordinators,
            target_groups=target_groups,
            initiatives=initiatives,
        )
        opportunity.save(update_fields=[*fields, "updated_at"])
    if stored.status == Status.PUBLISHED and (
        opportunity.volunteers_wanted > stored.volunteers_wanted
    ):
        fill_places(opportunity, by=by)
    return opportunity


@records_actor
def opportunity_publish(opportunity, *, by):
    """Open the opportunity for interest (a draft, or a closed one again); free places go to
    its waiting list."""
    stored, _old = transition(opportunity, Status.PUBLISHED, by=by, machine=MACHINE)
    fill_places(stored, by=by)
    return stored


@records_actor
def opportunity_close(opportunity, *, by):
    """Take no more interest: the opportunity leaves the public list but its page stays,
    marked closed."""
    stored, _old = transition(opportunity, Status.CLOSED, by=by, machine=MACHINE)
    return stored
