"""Who may see and do what with agreements and grants.

Agreements, grants, reviews and documents are the municipality's working papers: municipal
users see them all. An organisation's contact person sees the public, non-draft agreements
of their own organisation only; visitors and volunteers see agreements only as the public
lines on an organisation's page.
"""

import rules

from organisations.models import Membership
from volunteer_portal.permissions import is_coordinator, is_municipal, is_portal_admin


@rules.predicate
def is_contact_of_a_partner(user, agreement):
    if agreement is None or not user.is_authenticated:
        return False
    index = user.memberships_index
    return any(
        index.acts_for(partner, Membership.Capacity.CONTACT) for partner in agreement.partners.all()
    )


@rules.predicate
def is_public_agreement(user, agreement):
    return agreement is not None and agreement.is_public and agreement.status != "draft"


rules.add_perm("partnerships.view_agreements", is_municipal)
rules.add_perm(
    "partnerships.view_agreement", is_municipal | (is_public_agreement & is_contact_of_a_partner)
)
rules.add_perm("partnerships.view_agreement_details", is_municipal)
rules.add_perm("partnerships.view_agreement_document", is_municipal)
rules.add_perm("partnerships.view_grants", is_municipal)
rules.add_perm("partnerships.change_agreement", is_municipal)

# § 18 grants (views/grants.py): the municipality's to make, pay and follow up; the public
# sees only the yearly sums of the grants marked public, on an organisation's page.
rules.add_perm("partnerships.make_grant", is_municipal)
rules.add_perm("partnerships.manage_grant", is_municipal)
rules.add_perm("partnerships.manage_grant_pools", is_municipal)

# Reviews and reminders (views/reviews.py, views/calendar.py): municipal users record review
# meetings of any agreement and have a private calendar of the dates they are responsible for.
rules.add_perm("partnerships.add_review_meeting", is_municipal)
rules.add_perm("partnerships.view_review_meetings", is_municipal)
rules.add_perm("partnerships.use_agreement_calendar", is_municipal)


# The volunteer flow: opportunities, interest, volunteer agreements.
#
# Opportunities other than drafts are public. A coordinator handles the opportunities, the
# interests and the agreements of the units they coordinate (and those below them), and the
# opportunities that name them as coordinators; general interests for the volunteer centre are
# every coordinator's. A volunteer sees only their own interests and agreements; another's
# answers 404. The status of a child-protection certificate is for the unit's coordinators and
# the volunteer only: not for the contact person, not for other staff.


def _coordinates(user, unit):
    return bool(
        unit is not None
        and user.is_authenticated
        and user.memberships_index.acts_for(unit, Membership.Capacity.COORDINATOR)
    )


@rules.predicate
def is_volunteer_account(user):
    return bool(user.is_authenticated and user.role == user.Role.VOLUNTEER)


@rules.predicate
def handles_opportunity(user, opportunity):
    if opportunity is None or not user.is_authenticated:
        return False
    if _coordinates(user, opportunity.organisation):
        return True
    return any(person.pk == user.pk for person in opportunity.coordinators.all())


@rules.predicate
def is_public_opportunity(user, opportunity):
    return opportunity is not None and opportunity.status != "draft"


@rules.predicate
def handles_interest(user, interest):
    if interest is None or not user.is_authenticated:
        return False
    if _coordinates(user, interest.organisation):
        return True
    if interest.opportunity_id:
        return handles_opportunity(user, interest.opportunity)
    return interest.organisation.kind == "volunteer_centre" and user.is_coordinator


@rules.predicate
def is_own(user, obj):
    return bool(obj is not None and user.is_authenticated and obj.volunteer_id == user.pk)


@rules.predicate
def coordinates_home_unit(user, agreement):
    return agreement is not None and _coordinates(user, agreement.unit)


@rules.predicate
def is_contact_person(user, agreement):
    return bool(
        agreement is not None and user.is_authenticated and agreement.contact_person_id == user.pk
    )


rules.add_perm(
    "partnerships.view_opportunity", is_public_opportunity | is_portal_admin | handles_opportunity
)
rules.add_perm("partnerships.add_opportunity", is_portal_admin | is_coordinator)
rules.add_perm("partnerships.change_opportunity", is_portal_admin | handles_opportunity)
rules.add_perm("partnerships.register_interest", is_volunteer_account)
rules.add_perm("partnerships.use_volunteer_page", is_volunteer_account)
rules.add_perm("partnerships.use_inbox", is_portal_admin | is_coordinator)
rules.add_perm("partnerships.view_interest", is_portal_admin | handles_interest | is_own)
rules.add_perm("partnerships.handle_interest", is_portal_admin | handles_interest)
rules.add_perm("partnerships.withdraw_interest", is_own)
rules.add_perm("partnerships.add_volunteer_agreement", is_portal_admin | is_coordinator)
rules.add_perm(
    "partnerships.view_volunteer_agreement",
    is_portal_admin | coordinates_home_unit | is_contact_person | is_own,
)
rules.add_perm("partnerships.handle_volunteer_agreement", is_portal_admin | coordinates_home_unit)
rules.add_perm("partnerships.answer_volunteer_agreement", is_own)
rules.add_perm("partnerships.view_child_certificate", coordinates_home_unit | is_own)
rules.add_perm("partnerships.record_child_certificate", coordinates_home_unit)
rules.add_perm("partnerships.view_volunteer_overview", is_portal_admin | is_coordinator)
rules.add_perm("partnerships.export_volunteers", is_coordinator)
