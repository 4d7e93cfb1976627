"""Who may see and do what with agreements and grants.

Agreements, grants, reviews and documents are the municipality's working papers: municipal
users see them all. An organisation's contact person sees the public, non-draft agreements
of their own organisation only; visitors and volunteers see agreements only as the public
lines on an organisation's page.
"""

import rules

from organisations.models import Membership
from volunteer_portal.permissions import is_municipal


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
