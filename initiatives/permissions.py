"""Who may read and edit action plans.

Published plans are public. Drafts are read by municipal users (staff, coordinators,
administrators) and are invisible (404) to everyone else. Staff and administrators edit.
"""

import rules

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


# Initiatives follow their plan: readable with it, edited by the plan's editors.
rules.add_perm("initiatives.view_initiative", is_in_published_plan | is_municipal)
rules.add_perm("initiatives.change_initiative", is_plan_editor | is_portal_admin)
# The change history names staff members: municipal users only.
rules.add_perm("initiatives.view_history", is_municipal)


@rules.predicate
def is_document_of_published_plan(user, document):
    return document is not None and document.plan.is_published


# A plan's documents are read with the plan: by everyone once it is published, by municipal
# users while it is a draft. They are uploaded and removed in Django admin.
rules.add_perm("initiatives.view_plan_document", is_document_of_published_plan | is_municipal)
