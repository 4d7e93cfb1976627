"""Who may read and edit action plans.

Published plans are public. Drafts are read by municipal users (staff, coordinators,
administrators) and are invisible (404) to everyone else. Staff and administrators edit.
Coordinators and staff members of a unit that is an actor in an initiative add progress
notes to it.
"""

import rules

from organisations.models import Membership
from volunteer_portal.models import User
from volunteer_portal.permissions import is_municipal, is_portal_admin

# The roles that keep the plans current.
PLAN_EDITOR_ROLES = (User.Role.STAFF, User.Role.ADMIN)


@rules.predicate
def is_published_plan(user, plan):
    return plan is not None and plan.is_published


@rules.predicate
def is_plan_editor(user):
    """Municipal staff and administrators keep the plans current; coordinators read them."""
    return bool(user and user.is_authenticated and user.role in PLAN_EDITOR_ROLES)


rules.add_perm("initiatives.view_plan", is_published_plan | is_municipal)
rules.add_perm("initiatives.change_plan", is_plan_editor | is_portal_admin)
rules.add_perm("initiatives.add_plan", is_plan_editor | is_portal_admin)
rules.add_perm("initiatives.publish_plan", is_plan_editor | is_portal_admin)
rules.add_perm("initiatives.view_overview", is_municipal)


@rules.predicate
def is_in_published_plan(user, initiative):
    return initiative is not None and initiative.plan.is_published


@rules.predicate
def works_in_an_actor_unit(user, initiative):
    """A coordinator or staff member of a municipal unit that is one of the initiative's
    actors; a coordinator of a centre or administration counts for the units below it.

    Asks the memberships loaded once per request and the initiative's actors as loaded
    (prefetched on the initiative page): no query per actor."""
    if initiative is None or not (user and user.is_authenticated and user.is_municipal):
        return False
    index = user.memberships_index
    units = index.organisation_ids(Membership.Capacity.COORDINATOR) | index.organisation_ids(
        Membership.Capacity.STAFF
    )
    return any(actor.organisation_id in units for actor in initiative.actors.all())


# Initiatives follow their plan: readable with it, edited by the plan's editors.
rules.add_perm("initiatives.view_initiative", is_in_published_plan | is_municipal)
rules.add_perm("initiatives.change_initiative", is_plan_editor | is_portal_admin)
# The people who do the work report on it: progress notes also come from the units that are
# actors in the initiative, which may not edit it.
rules.add_perm(
    "initiatives.add_progress_note", is_plan_editor | is_portal_admin | works_in_an_actor_unit
)
# The change history names staff members: municipal users only.
rules.add_perm("initiatives.view_history", is_municipal)


@rules.predicate
def is_document_of_published_plan(user, document):
    return document is not None and document.plan.is_published


# A plan's documents are read with the plan: by everyone once it is published, by municipal
# users while it is a draft. They are uploaded and removed in Django admin.
rules.add_perm("initiatives.view_plan_document", is_document_of_published_plan | is_municipal)
