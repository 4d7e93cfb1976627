"""The organisations app's models, one module per entity."""

from organisations.models.activity import Activity, ActivityQuerySet, Challenge, TargetGroup
from organisations.models.organisation import (
    DANISH_LETTERS,
    Area,
    Membership,
    MembershipIndex,
    MembershipQuerySet,
    Organisation,
    OrganisationQuerySet,
    danish_slugify,
    membership_problem,
    unique_slug,
)
from organisations.models.referral import Referral

__all__ = [
    "DANISH_LETTERS",
    "Activity",
    "ActivityQuerySet",
    "Area",
    "Challenge",
    "Membership",
    "MembershipIndex",
    "MembershipQuerySet",
    "Organisation",
    "OrganisationQuerySet",
    "Referral",
    "TargetGroup",
    "danish_slugify",
    "membership_problem",
    "unique_slug",
]
