"""Demo data. Every step is keyed on a natural key, so loading twice changes nothing."""

from initiatives.demo import load_initiatives
from organisations.demo import load_organisations
from volunteer_portal.models import User
from volunteer_portal.seeding import upsert

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105  (documented demo password, DEBUG only)

COORDINATOR, STAFF, CONTACT = "coordinator", "staff", "contact"

# (e-mail, name, role, memberships as (organisation slug, capacity))
DEMO_USERS = [
    ("admin@example.dk", "Anne Admin", User.Role.ADMIN, []),
    (
        "medarbejder@example.dk",
        "Mette Medarbejder",
        User.Role.STAFF,
        [("ledelsessekretariatet", STAFF), ("jobcentret", STAFF)],
    ),
    (
        "koordinator@example.dk",
        "Karsten Koordinator",
        User.Role.COORDINATOR,
        [
            ("plejecenter-broparken", COORDINATOR),
            ("islev-bibliotek", COORDINATOR),
            ("plejecenter-broparken", STAFF),
        ],
    ),
    (
        "forening@example.dk",
        "Frede Foreningskontakt",
        User.Role.ORGANISATION_CONTACT,
        [("roedovre-frivilligcenter", CONTACT)],
    ),
    ("frivillig@example.dk", "Frida Frivillig", User.Role.VOLUNTEER, []),
]


def load_users(organisations):
    from organisations.models import Membership

    for email, name, role, memberships in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=role)
        for slug, capacity in memberships:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[slug], capacity=capacity
            )
        ensure_verified_email(user)
    return len(DEMO_USERS)


def ensure_verified_email(user):
    from allauth.account.models import EmailAddress

    upsert(EmailAddress, {"user": user, "email": user.email}, {"verified": True, "primary": True})


def load():
    organisations = load_organisations()
    users = load_users(organisations)
    plan = load_initiatives(organisations)
    return [
        f"Organisations and units: {len(organisations)}",
        f"Demo accounts: {users}",
        f"Action plan: {plan} with {plan.initiatives.count()} initiatives",
    ]
