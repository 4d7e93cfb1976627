"""Who may see organisations and act for them. Rules tied to a unit or an organisation ask
the person's memberships (``user.memberships_index``), loaded once per request."""

import rules

from organisations.models import Membership
from volunteer_portal.permissions import is_coordinator, is_municipal, is_portal_admin


@rules.predicate
def is_active_organisation(user, organisation):
    """Active organisations are public; inactive ones are kept for the record only."""
    return organisation is None or organisation.is_active


def _acts_for(user, organisation, capacity):
    return bool(
        organisation is not None
        and user.is_authenticated
        and user.memberships_index.acts_for(organisation, capacity)
    )


@rules.predicate
def coordinates_unit(user, organisation):
    """A coordinator of the unit, or of a centre or administration above it."""
    return _acts_for(user, organisation, Membership.Capacity.COORDINATOR)


@rules.predicate
def is_staff_member_of(user, organisation):
    """A staff member of exactly this unit (who can be a volunteer's contact person)."""
    return _acts_for(user, organisation, Membership.Capacity.STAFF)


@rules.predicate
def is_contact_of(user, organisation):
    """The contact person (foreningskontakt) of this partner organisation."""
    return _acts_for(user, organisation, Membership.Capacity.CONTACT)


rules.add_perm("organisations.view_organisation", is_active_organisation | is_municipal)
rules.add_perm("organisations.change_organisation", is_portal_admin)
rules.add_perm("organisations.act_for_unit", is_portal_admin | coordinates_unit)
rules.add_perm("organisations.view_own_units", is_coordinator)
# The staff contact of an organisation is for the municipality's own people, who call about a
# referral or a cooperation; visitors, volunteers and organisation contacts never see it.
rules.add_perm("organisations.view_staff_contact", is_municipal)

# Bridge-building (brobygning): the municipality's staff look for an activity together with a
# citizen, hand them a slip and record the referral, so the municipality can count referrals
# per activity, unit and month; the overview of organisations and referrals is theirs too.
rules.add_perm("organisations.use_bridge_building", is_municipal)
rules.add_perm("organisations.add_referral", is_municipal)
rules.add_perm("organisations.view_organisation_overview", is_municipal)


# Editing (views/editing.py). Municipal users create and edit organisations and activities;
# the contact person of an active partner organisation edits its public details and its
# activities, and nothing else. Whether someone reaches the editing pages at all is a question
# of who they are (a refusal is a 403); which organisation they may edit asks the object (one
# they may not edit answers 404).


@rules.predicate
def is_contact_of_some_organisation(user):
    """Holds the contact membership of at least one organisation."""
    return bool(user.is_authenticated and user.memberships_index.holds(Membership.Capacity.CONTACT))


@rules.predicate
def contacts_active_organisation(user, organisation):
    """The contact person of this organisation while it is active: a deactivated one is
    kept for the record, and only staff change it."""
    return bool(
        organisation is not None
        and organisation.is_active
        and _acts_for(user, organisation, Membership.Capacity.CONTACT)
    )


@rules.predicate
def contacts_activity_organisation(user, activity):
    """The contact person of the (active) organisation that offers the activity."""
    return activity is not None and contacts_active_organisation(user, activity.organisation)


rules.add_perm("organisations.use_editing", is_municipal | is_contact_of_some_organisation)
rules.add_perm("organisations.view_own_organisations", is_contact_of_some_organisation)
rules.add_perm("organisations.create_organisation", is_municipal)
# All fields: name, kind, place in the hierarchy, CVR, non-profit, staff contact, active.
rules.add_perm("organisations.edit_organisation", is_municipal)
# The public fields only: description, address, area, website and the public contact.
rules.add_perm("organisations.edit_public_details", is_municipal | contacts_active_organisation)
rules.add_perm("organisations.create_activity", is_municipal | contacts_active_organisation)
rules.add_perm("organisations.edit_activity", is_municipal | contacts_activity_organisation)
rules.add_perm("organisations.confirm_activities", is_municipal | contacts_active_organisation)
rules.add_perm("organisations.view_activities_to_check", is_municipal)

# Import and export (views/transfer.py): municipal staff keep the directory up to date from
# spreadsheets; an export holds every organisation and activity, staff contacts included.
rules.add_perm("organisations.import_export", is_municipal)
